// A portfolio risk job over a simulated market: the third end-to-end
// check of the timing probes' split, written after the probes were tuned
// on pagerank.cpp and inverted_index.cpp, and measured without tuning
// anything on it (scripts/bench-program.sh portfolio; docs/probe-runtime.md
// has its figures). Its loops, each run once per simulated day (250):
//   mark      moves every price of a std::map<std::string, double> (2000
//             symbols; the body writes the element);
//   accounts  walks a std::unordered_map<int, Account> of 3000 accounts,
//             whose body is the holdings walk below;
//   holdings  walks an account's std::map<std::string, long> (4 to 40
//             holdings), looking each price up by name (string compares);
//   breaches  an iterator loop over a std::multimap<double, int> of
//             exposures, largest first, that stops at the first below
//             the limit (break);
//   active    sums a std::unordered_set<int> of active accounts (trivial).
// The ground truth (PAIRED=1/2) is measured as ground_truth.h describes.
#include "ground_truth.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

struct Account {
  std::map<std::string, long> holdings;
  double cash = 0;
};
using Prices = std::map<std::string, double>;
using Accounts = std::unordered_map<int, Account>;
using Exposures = std::multimap<double, int, std::greater<double>>;

ground_truth::Loop MarkLoop("mark"), AccountsLoop("accounts"),
    HoldingsLoop("holdings"), BreachesLoop("breaches"), ActiveLoop("active");

class Random {
public:
  unsigned next() { return (state_ = state_ * 1664525u + 1013904223u) >> 8; }
  double uniform() { return (next() & 0xffffff) / double(0x1000000); }

private:
  unsigned state_ = 77;
};

std::string symbol(int k) {
  std::string s = "SYM";
  for (int i = 0; i < 5; ++i, k /= 26)
    s += static_cast<char>('A' + k % 26);
  return s;
}

// Moves every price by up to +-2%, from a fixed table of moves per day.
void mark(Prices &prices, const std::vector<double> &moves, int day) {
  ground_truth::Copy<double> copy;
  std::size_t i = static_cast<std::size_t>(day) * 7;
  MarkLoop.run(
      prices.size(),
      [&] {
        for (auto &[name, price] : prices) // truth: mark
          price *= 1 + moves[i++ % moves.size()];
      },
      [&] {
        for (const auto &[name, price] : prices)
          copy.push_back(price);
      },
      [&] {
        for (double &price : copy)
          price *= 1 + moves[i++ % moves.size()];
      },
      [&] {
        auto it = copy.begin();
        for (auto &[name, price] : prices)
          price = *it++;
      });
}

double value(const Account &account, const Prices &prices) {
  double v = account.cash;
  ground_truth::Copy<std::pair<std::string, long>> copy;
  HoldingsLoop.run(
      account.holdings.size(),
      [&] {
        for (const auto &[name, quantity] : account.holdings) // truth: holdings
          v += static_cast<double>(quantity) * prices.find(name)->second;
      },
      [&] { copy.assign(account.holdings.begin(), account.holdings.end()); },
      [&] {
        for (const auto &[name, quantity] : copy)
          v += static_cast<double>(quantity) * prices.find(name)->second;
      });
  return v;
}

void value(const Accounts &accounts, const Prices &prices,
           Exposures &exposures) {
  exposures.clear();
  ground_truth::Copy<const Accounts::value_type *> copy;
  // The copy holds pointers: an Account's holdings cannot be copied
  // without malloc (ground_truth.h), and the body reads them in place.
  AccountsLoop.run(
      accounts.size(),
      [&] {
        for (const auto &[id, account] : accounts) // truth: accounts
          exposures.emplace(value(account, prices), id);
      },
      [&] {
        for (const auto &entry : accounts)
          copy.push_back(&entry);
      },
      [&] {
        for (const Accounts::value_type *entry : copy)
          exposures.emplace(value(entry->second, prices), entry->first);
      });
}

// Accounts whose exposure is over the limit, largest first.
long breaches(const Exposures &exposures, double limit) {
  long over = 0, walked = 0;
  ground_truth::Copy<std::pair<double, int>> copy;
  BreachesLoop.run(
      0,
      [&] {
        // clang-format off: the marker must stay on the loop's line.
        for (auto it = exposures.begin(); it != exposures.end(); ++it) { // truth: breaches
          // clang-format on
          ++walked;
          if (it->first < limit)
            break;
          over += it->second % 7 + 1;
        }
      },
      [&] { copy.assign(exposures.begin(), exposures.end()); },
      [&] {
        for (auto it = copy.begin(); it != copy.end(); ++it) {
          ++walked;
          if (it->first < limit)
            break;
          over += it->second % 7 + 1;
        }
      });
  BreachesLoop.walked(static_cast<unsigned long long>(walked));
  return over;
}

long active(const std::unordered_set<int> &ids) {
  long sum = 0;
  ground_truth::Copy<int> copy;
  ActiveLoop.run(
      ids.size(),
      [&] {
        long s = 0;
        for (int id : ids) // truth: active
          s += id;
        sum += s;
      },
      [&] { copy.assign(ids.begin(), ids.end()); },
      [&] {
        long s = 0;
        for (int id : copy)
          s += id;
        sum += s;
      });
  return sum;
}

} // namespace

int main() {
  const int Symbols = 2000, Clients = 3000, Days = 250;
  Random rng;
  Prices prices;
  for (int k = 0; k < Symbols; ++k)
    prices[symbol(k * 7919 % 11881376)] = 10 + 90 * rng.uniform();
  std::vector<std::string> names;
  for (const auto &[name, price] : prices)
    names.push_back(name);
  Accounts accounts;
  std::unordered_set<int> ids;
  for (int c = 0; c < Clients; ++c) {
    int id = static_cast<int>(rng.next() % 1000000);
    Account &a = accounts[id];
    a.cash = 1000 * rng.uniform();
    int n = 4 + static_cast<int>(rng.next() % 37);
    for (int h = 0; h < n; ++h)
      a.holdings[names[rng.next() % names.size()]] +=
          1 + static_cast<long>(rng.next() % 500);
    ids.insert(id);
  }
  std::vector<double> moves(4099);
  for (double &m : moves)
    m = 0.04 * (rng.uniform() - 0.5);

  Exposures exposures;
  double total = 0;
  long over = 0, sum = 0;
  for (int day = 0; day < Days; ++day) {
    mark(prices, moves, day);
    value(accounts, prices, exposures);
    over += breaches(exposures, 60000);
    total += exposures.begin()->first;
    // Accounts join and leave.
    int leaving = static_cast<int>(rng.next() % 1000000);
    ids.erase(ids.begin());
    ids.insert(leaving);
    sum += active(ids);
  }
  std::printf("largest exposure %.4f, breaches %ld, active %ld\n", total, over,
              sum);
  ground_truth::report();
  return 0;
}
