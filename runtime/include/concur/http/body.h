// concur::http::Body: what a POST, PUT or PATCH sends.
//
//   co_await session.post("/upload", concur::http::Body::bytes(data));                  // application/octet-stream
//   co_await session.post("/login", concur::http::Body::form({{"user", "ana"}, {"pw", "x y"}}));
//   co_await session.put("/items/1", concur::http::Body::json(R"({"name": "pen"})"));
//
// A body is its bytes and their Content-Type (sent unless the request sets one itself). form()
// URL-encodes its fields (application/x-www-form-urlencoded, as aiohttp's data={...}); json()
// takes text that is already JSON (there is no JSON library here), as aiohttp's data= with a
// content type.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concur::http {

struct Body {
  std::string data;
  std::string content_type;

  static Body bytes(std::string data, std::string content_type = "application/octet-stream") {
    return Body{std::move(data), std::move(content_type)};
  }
  static Body text(std::string data, std::string content_type = "text/plain; charset=utf-8") {
    return Body{std::move(data), std::move(content_type)};
  }
  static Body json(std::string json_text) { return Body{std::move(json_text), "application/json"}; }
  static Body form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string encoded;
    for (const auto& [name, value] : fields) {
      if (!encoded.empty()) encoded += '&';
      encoded += url_encode(name);
      encoded += '=';
      encoded += url_encode(value);
    }
    return Body{std::move(encoded), "application/x-www-form-urlencoded"};
  }
  static Body form(std::initializer_list<std::pair<std::string, std::string>> fields) {
    return form(std::vector<std::pair<std::string, std::string>>(fields));
  }

  // application/x-www-form-urlencoded: letters, digits and -._~ as they are, space as +, the rest %XX.
  static std::string url_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
      auto byte = static_cast<unsigned char>(c);
      if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') || c == '-' ||
          c == '.' || c == '_' || c == '~') {
        out += c;
      } else if (c == ' ') {
        out += '+';
      } else {
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 15];
      }
    }
    return out;
  }
};

}  // namespace concur::http
