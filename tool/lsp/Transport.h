// JSON-RPC 2.0 over a byte stream with LSP's base protocol framing:
//   Content-Length: N\r\n [other headers]\r\n \r\n <N bytes of JSON>
// Bad framing never stops the reader: it reports the problem and looks for the next header.
#pragma once

#include "llvm/Support/JSON.h"

#include <cstddef>
#include <mutex>
#include <string>

namespace concurlint::lsp {

class Transport {
public:
  /// Reads from `InFd`, writes to `OutFd` (not owned).
  Transport(int InFd, int OutFd);

  enum class Read { Message, EndOfInput, FramingError };

  /// The next message's body. On FramingError, `Problem` says what was wrong; the bytes read
  /// so far are dropped and the next call goes on from the next line.
  Read read(std::string &Body, std::string &Problem);

  /// Writes one message; safe to call from several threads. False when the peer is gone.
  bool send(const llvm::json::Value &Message);

  /// The largest body accepted; a bigger Content-Length is a framing error.
  static constexpr size_t MaxBody = 64u << 20;
  /// The longest header line accepted.
  static constexpr size_t MaxHeaderLine = 8192;

private:
  bool fill();  // reads more input into Buffer; false at end of input
  /// One line without its end; false at end of input. `TooLong` when the line was cut.
  bool readLine(std::string &Line, bool &TooLong);

  int In, Out;
  std::string Buffer;
  size_t Pos = 0;
  std::mutex WriteMutex;
};

}  // namespace concurlint::lsp
