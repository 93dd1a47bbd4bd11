// concur::http::Headers: an ordered list of HTTP header fields, looked up without regard to case.
//
//   concur::http::Headers headers{{"Accept", "application/json"}, {"X-Trace", "1"}};
//   headers.set("accept", "text/html");          // replaces every Accept
//   std::optional<std::string_view> type = response.headers.get("content-type");
//
// Fields keep the order they were added (or received) in; a name may repeat (Set-Cookie).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concur::http {

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Field> fields) : fields_(fields) {}

  // The first value of `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const noexcept {
    for (const Field& field : fields_)
      if (same_name(field.first, name)) return std::string_view(field.second);
    return std::nullopt;
  }
  // Every value of `name`, in order.
  std::vector<std::string_view> get_all(std::string_view name) const {
    std::vector<std::string_view> values;
    for (const Field& field : fields_)
      if (same_name(field.first, name)) values.emplace_back(field.second);
    return values;
  }
  bool contains(std::string_view name) const noexcept { return get(name).has_value(); }
  // Adds a field (another value if the name is there already).
  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  // Replaces every field named `name` with this one.
  void set(std::string name, std::string value) {
    erase(name);
    add(std::move(name), std::move(value));
  }
  void erase(std::string_view name) noexcept {
    std::erase_if(fields_, [&](const Field& field) { return same_name(field.first, name); });
  }
  void clear() noexcept { fields_.clear(); }

  std::size_t size() const noexcept { return fields_.size(); }
  bool empty() const noexcept { return fields_.empty(); }
  auto begin() const noexcept { return fields_.begin(); }
  auto end() const noexcept { return fields_.end(); }

  static bool same_name(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      char x = a[i], y = b[i];
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
      if (x != y) return false;
    }
    return true;
  }

 private:
  std::vector<Field> fields_;
};

}  // namespace concur::http
