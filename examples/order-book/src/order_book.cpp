#include "order_book.h"

#include <algorithm>
#include <numeric>

static bool buyCrosses(std::int64_t limit, std::int64_t ask) { return ask <= limit; }
static bool sellCrosses(std::int64_t limit, std::int64_t bid) { return bid >= limit; }

template <class Book>
std::vector<Fill> OrderBook::match(Order &taker, Book &book,
                                   bool (*crosses)(std::int64_t, std::int64_t)) {
  std::vector<Fill> fills;
  // Walk price levels from the best one while they cross the taker's limit.
  for (auto level = book.begin(); level != book.end() && taker.quantity > 0;) {
    if (!crosses(taker.price, level->first))
      break;
    Level &queue = level->second;
    while (!queue.empty() && taker.quantity > 0) {
      Order &maker = queue.front();
      std::int64_t q = std::min(maker.quantity, taker.quantity);
      fills.push_back({maker.id, taker.id, level->first, q});
      maker.quantity -= q;
      taker.quantity -= q;
      if (maker.quantity == 0) {
        index_.erase(maker.id);
        queue.pop_front();
      }
    }
    if (queue.empty())
      level = book.erase(level);
    else
      ++level;
  }
  return fills;
}

std::vector<Fill> OrderBook::submit(Order order) {
  std::vector<Fill> fills = order.side == Side::Buy
                                ? match(order, asks_, buyCrosses)
                                : match(order, bids_, sellCrosses);
  if (order.quantity > 0) {
    index_[order.id] = {order.side, order.price};
    if (order.side == Side::Buy)
      bids_[order.price].push_back(order);
    else
      asks_[order.price].push_back(order);
  }
  return fills;
}

bool OrderBook::cancel(std::uint64_t id) {
  auto found = index_.find(id);
  if (found == index_.end())
    return false;
  auto [side, price] = found->second;
  Level &queue = side == Side::Buy ? bids_[price] : asks_[price];
  queue.erase(std::remove_if(queue.begin(), queue.end(),
                             [id](const Order &o) { return o.id == id; }),
              queue.end());
  index_.erase(found);
  return true;
}

std::int64_t OrderBook::depth(Side side, int levels) const {
  std::int64_t total = 0;
  int seen = 0;
  auto add = [&](const auto &book) {
    for (const auto &[price, queue] : book) {
      if (seen++ == levels)
        break;
      for (const Order &o : queue)
        total += o.quantity;
    }
  };
  if (side == Side::Buy)
    add(bids_);
  else
    add(asks_);
  return total;
}

std::int64_t OrderBook::volumeAtOrBetter(Side side, std::int64_t price) const {
  auto sum = [](std::int64_t acc, const auto &level) {
    for (const Order &o : level.second)
      acc += o.quantity;
    return acc;
  };
  if (side == Side::Buy)
    return std::accumulate(bids_.begin(), bids_.upper_bound(price - 1), std::int64_t{0}, sum);
  return std::accumulate(asks_.begin(), asks_.upper_bound(price), std::int64_t{0}, sum);
}

std::map<std::string, std::int64_t> OrderBook::exposureByTrader() const {
  std::map<std::string, std::int64_t> exposure;
  // Every resting order, reached through the order index.
  for (const auto &entry : index_) {
    const auto &[side, price] = entry.second;
    const Level *queue = nullptr;
    if (side == Side::Buy) {
      auto it = bids_.find(price);
      queue = it == bids_.end() ? nullptr : &it->second;
    } else {
      auto it = asks_.find(price);
      queue = it == asks_.end() ? nullptr : &it->second;
    }
    if (!queue)
      continue;
    for (const Order &o : *queue)
      if (o.id == entry.first)
        exposure[o.trader] += (side == Side::Buy ? 1 : -1) * o.price * o.quantity;
  }
  return exposure;
}
