#pragma once
#include <string>

// A synchronous HTTP GET, as a C++ program would have before it went asynchronous.
std::string http_get(const char *url);
