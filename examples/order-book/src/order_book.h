// A price-time priority limit order book.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

enum class Side { Buy, Sell };

struct Order {
  std::uint64_t id;
  std::string trader;
  Side side;
  std::int64_t price; // in ticks
  std::int64_t quantity;
};

struct Fill {
  std::uint64_t maker, taker;
  std::int64_t price, quantity;
};

class OrderBook {
public:
  std::vector<Fill> submit(Order order);
  bool cancel(std::uint64_t id);

  std::int64_t depth(Side side, int levels) const;
  std::int64_t volumeAtOrBetter(Side side, std::int64_t price) const;
  std::map<std::string, std::int64_t> exposureByTrader() const;
  std::size_t openOrders() const { return index_.size(); }

private:
  using Level = std::deque<Order>;
  // Bids best-first (highest price), asks best-first (lowest price).
  std::map<std::int64_t, Level, std::greater<>> bids_;
  std::map<std::int64_t, Level> asks_;
  std::unordered_map<std::uint64_t, std::pair<Side, std::int64_t>> index_;

  template <class Book>
  std::vector<Fill> match(Order &taker, Book &book, bool (*crosses)(std::int64_t, std::int64_t));
};
