#include "tool/lsp/Transport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cerrno>
#include <unistd.h>

namespace concurlint::lsp {

Transport::Transport(int InFd, int OutFd) : In(InFd), Out(OutFd) {}

bool Transport::fill() {
  if (Pos > 0 && Pos == Buffer.size()) {
    Buffer.clear();
    Pos = 0;
  } else if (Pos > (1u << 20)) {
    Buffer.erase(0, Pos);
    Pos = 0;
  }
  char Chunk[65536];
  for (;;) {
    ssize_t N = ::read(In, Chunk, sizeof Chunk);
    if (N > 0) {
      Buffer.append(Chunk, static_cast<size_t>(N));
      return true;
    }
    if (N < 0 && errno == EINTR)
      continue;
    return false;
  }
}

bool Transport::readLine(std::string &Line, bool &TooLong) {
  bool Cut = false;
  for (;;) {
    size_t End = Buffer.find('\n', Pos);
    if (End != std::string::npos) {
      Line.assign(Buffer, Pos, std::min(End - Pos, MaxHeaderLine));
      TooLong = Cut || End - Pos > MaxHeaderLine;
      Pos = End + 1;
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
    if (Buffer.size() - Pos > MaxHeaderLine) {
      // No end of line in sight: drop what is buffered (but keep reading this line's end).
      Pos = Buffer.size();
      Cut = true;
    }
    if (!fill()) {
      if (Pos < Buffer.size() || Cut) {  // a last line without its end
        Line.assign(Buffer, Pos, std::min(Buffer.size() - Pos, MaxHeaderLine));
        TooLong = Cut;
        Pos = Buffer.size();
        return true;
      }
      return false;
    }
  }
}

Transport::Read Transport::read(std::string &Body, std::string &Problem) {
  bool SawHeader = false, HaveLength = false;
  unsigned long long Length = 0;
  std::string Line;
  for (;;) {
    bool TooLong;
    if (!readLine(Line, TooLong))
      return Read::EndOfInput;
    if (TooLong) {
      Problem = "header line longer than " + std::to_string(MaxHeaderLine) + " bytes";
      return Read::FramingError;
    }
    if (Line.empty()) {
      if (SawHeader)
        break;
      continue;  // blank lines between messages are tolerated
    }
    SawHeader = true;
    llvm::StringRef L(Line);
    // A header glued to the end of a body that was not framed right: resynchronise on it.
    if (size_t At = L.find_insensitive("content-length:"); At != llvm::StringRef::npos && At > 0)
      L = L.drop_front(At);
    auto [Name, Value] = L.split(':');
    if (Name.size() == L.size()) {
      Problem = "malformed header line '" + L.take_front(80).str() + "'";
      return Read::FramingError;
    }
    Name = Name.trim();
    Value = Value.trim();
    if (Name.equals_insensitive("Content-Length")) {
      if (Value.empty() || !llvm::all_of(Value, llvm::isDigit) || Value.size() > 18 ||
          Value.getAsInteger(10, Length)) {
        Problem = "invalid Content-Length '" + Value.take_front(40).str() + "'";
        return Read::FramingError;
      }
      HaveLength = true;
    }
    // Content-Type and unknown headers are ignored.
  }
  if (!HaveLength) {
    Problem = "message without a Content-Length header";
    return Read::FramingError;
  }
  if (Length > MaxBody) {
    Problem = "Content-Length " + std::to_string(Length) + " is larger than the limit of " +
              std::to_string(MaxBody) + " bytes";
    return Read::FramingError;
  }
  while (Buffer.size() - Pos < Length)
    if (!fill())
      return Read::EndOfInput;  // the body was cut: the peer is gone
  Body.assign(Buffer, Pos, Length);
  Pos += Length;
  return Read::Message;
}

bool Transport::send(const llvm::json::Value &Message) {
  std::string Body = llvm::formatv("{0}", Message).str();
  std::string Data = "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
  std::lock_guard<std::mutex> Lock(WriteMutex);
  size_t Done = 0;
  while (Done < Data.size()) {
    ssize_t N = ::write(Out, Data.data() + Done, Data.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Done += static_cast<size_t>(N);
  }
  return true;
}

}  // namespace concurlint::lsp
