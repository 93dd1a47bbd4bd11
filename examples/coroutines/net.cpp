#include "net.h"

#include <sys/socket.h>
#include <unistd.h>

static std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)  // the blocking call
    out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string http_get(const char *url) {
  (void)url;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  std::string page = read_all(fd);
  ::close(fd);
  return page;
}
