// Replays a deterministic stream of orders and prints a summary.
#include "order_book.h"

#include <cstdio>
#include <random>

int main() {
  OrderBook book;
  std::mt19937_64 rng(42);
  const char *traders[] = {"ada", "bob", "cyd", "dee", "eve"};
  std::size_t fills = 0;
  std::int64_t traded = 0;
  for (std::uint64_t id = 1; id <= 20000; ++id) {
    Side side = rng() % 2 ? Side::Buy : Side::Sell;
    std::int64_t price = 1000 + static_cast<std::int64_t>(rng() % 41) - 20;
    Order o{id, traders[rng() % 5], side, price, 1 + static_cast<std::int64_t>(rng() % 100)};
    for (const Fill &f : book.submit(o)) {
      ++fills;
      traded += f.quantity;
    }
    if (id % 7 == 0)
      book.cancel(id - 3);
  }
  std::printf("fills: %zu, traded: %lld, open orders: %zu\n", fills,
              static_cast<long long>(traded), book.openOrders());
  std::printf("bid depth (5 levels): %lld, ask volume <= 1000: %lld\n",
              static_cast<long long>(book.depth(Side::Buy, 5)),
              static_cast<long long>(book.volumeAtOrBetter(Side::Sell, 1000)));
  std::int64_t net = 0;
  for (const auto &[trader, exposure] : book.exposureByTrader())
    net += exposure;
  std::printf("net exposure: %lld\n", static_cast<long long>(net));
  return 0;
}
