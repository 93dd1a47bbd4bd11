#include "facts/FactsCodec.h"

#include "facts/Codec.h"
#include "facts/FactFields.h"

namespace concurlint {

void encodeFacts(const TUFacts &Facts, std::string &Out) { codec::encodeValue(Facts, Out); }

llvm::Expected<TUFacts> decodeFacts(llvm::StringRef Data) {
  return codec::decodeValue<TUFacts>(Data, "facts");
}

}  // namespace concurlint
