// concur::Outcome<T>: a value or the exception that took its place. What gather_settled returns for
// each task (asyncio.gather(..., return_exceptions=True) puts the exception objects in the list).
//
//   for (concur::Outcome<Page>& page : co_await concur::gather_settled(std::move(fetches)))
//     if (page) save(page.value()); else log(page.error());
#pragma once

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

#include "concur/errors.h"

namespace concur {

namespace detail {
inline bool is_cancelled(const std::exception_ptr& error) noexcept {
  if (!error) return false;
  try {
    std::rethrow_exception(error);
  } catch (const CancelledError&) {
    return true;
  } catch (...) {
    return false;
  }
}
}  // namespace detail

template <class T>
class Outcome {
 public:
  static Outcome success(T value) { return Outcome(std::in_place_index<0>, std::move(value)); }
  static Outcome failure(std::exception_ptr error) { return Outcome(std::in_place_index<1>, std::move(error)); }

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }
  // The task failed with CancelledError.
  bool cancelled() const noexcept { return !has_value() && detail::is_cancelled(error()); }

  // The value; re-throws the exception if there is none.
  T& value() & {
    rethrow_if_error();
    return std::get<0>(state_);
  }
  const T& value() const& {
    rethrow_if_error();
    return std::get<0>(state_);
  }
  T&& value() && {
    rethrow_if_error();
    return std::get<0>(std::move(state_));
  }
  // The exception, or null when there is a value.
  std::exception_ptr error() const noexcept { return has_value() ? nullptr : std::get<1>(state_); }

 private:
  template <std::size_t I, class A>
  Outcome(std::in_place_index_t<I> index, A&& arg) : state_(index, std::forward<A>(arg)) {}
  void rethrow_if_error() const {
    if (!has_value()) std::rethrow_exception(std::get<1>(state_));
  }

  std::variant<T, std::exception_ptr> state_;
};

template <>
class Outcome<void> {
 public:
  static Outcome success() { return Outcome(nullptr); }
  static Outcome failure(std::exception_ptr error) { return Outcome(std::move(error)); }

  bool has_value() const noexcept { return error_ == nullptr; }
  explicit operator bool() const noexcept { return has_value(); }
  bool cancelled() const noexcept { return detail::is_cancelled(error_); }
  void value() const {
    if (error_) std::rethrow_exception(error_);
  }
  std::exception_ptr error() const noexcept { return error_; }

 private:
  explicit Outcome(std::exception_ptr error) noexcept : error_(std::move(error)) {}
  std::exception_ptr error_;
};

}  // namespace concur
