#include "driver/FactsCache.h"

#include "facts/FactsCodec.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <cstring>
#include <link.h>
#include <utime.h>

namespace concurlint {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

/// The GNU build id of the executable (Debian's toolchain always writes one), as hex; empty
/// when there is none.
std::string executableBuildId() {
  std::string Id;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Out) -> int {
        // The first object reported is the executable itself.
        for (int I = 0; I < Info->dlpi_phnum; ++I) {
          const ElfW(Phdr) &Ph = Info->dlpi_phdr[I];
          if (Ph.p_type != PT_NOTE)
            continue;
          const char *Note = reinterpret_cast<const char *>(Info->dlpi_addr + Ph.p_vaddr);
          const char *End = Note + Ph.p_memsz;
          while (Note + sizeof(ElfW(Nhdr)) <= End) {
            const auto *H = reinterpret_cast<const ElfW(Nhdr) *>(Note);
            const char *Name = Note + sizeof(ElfW(Nhdr));
            const char *Desc = Name + llvm::alignTo(H->n_namesz, 4);
            if (H->n_type == NT_GNU_BUILD_ID && H->n_namesz == 4 &&
                std::memcmp(Name, "GNU", 4) == 0 && Desc + H->n_descsz <= End) {
              *static_cast<std::string *>(Out) = llvm::toHex(
                  llvm::StringRef(Desc, H->n_descsz), /*LowerCase=*/true);
              return 1;
            }
            Note = Desc + llvm::alignTo(H->n_descsz, 4);
          }
        }
        return 1;
      },
      &Id);
  return Id;
}

/// Without a build id, the executable's size and modification time stand for its content.
std::string executableStamp() {
  std::string Exe = fs::getMainExecutable(nullptr, nullptr);
  fs::file_status Status;
  if (Exe.empty() || fs::status(Exe, Status))
    return "unknown";
  return llvm::formatv("{0}:{1}:{2}", Exe, Status.getSize(),
                       Status.getLastModificationTime().time_since_epoch().count())
      .str();
}

}  // namespace

FactsCache::FactsCache(std::string Directory, bool MemoizeHashes)
    : Directory(std::move(Directory)), MemoizeHashes(MemoizeHashes) {}

std::string FactsCache::defaultDirectory() {
  llvm::SmallString<256> Dir;
  if (std::optional<std::string> Xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      Xdg && path::is_absolute(*Xdg)) {
    Dir = *Xdg;
  } else if (!path::home_directory(Dir)) {
    return "";
  } else {
    path::append(Dir, ".cache");
  }
  path::append(Dir, "concur-lint");
  return Dir.str().str();
}

const std::string &FactsCache::toolKey() {
  static const std::string Key = [] {
    std::string Build = executableBuildId();
    return llvm::formatv("concur-lint {0} facts {1} llvm {2} build {3}", CONCUR_LINT_VERSION,
                         TUFacts::FormatVersion, LLVM_VERSION_STRING,
                         Build.empty() ? executableStamp() : Build)
        .str();
  }();
  return Key;
}

std::string FactsCache::hashKey(llvm::ArrayRef<std::string> Parts) {
  llvm::BLAKE3 Hasher;
  auto Add = [&](llvm::StringRef S) {
    // Length-prefixed, so that no two different lists hash the same bytes.
    uint64_t Size = S.size();
    Hasher.update(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(&Size), 8));
    Hasher.update(S);
  };
  Add(toolKey());
  for (const std::string &P : Parts)
    Add(P);
  llvm::BLAKE3Result<16> Digest = Hasher.final<16>();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest), /*LowerCase=*/true);
}

std::string FactsCache::keyFor(const std::vector<std::string> &Args, llvm::StringRef Directory,
                               llvm::StringRef File) {
  std::vector<std::string> Parts{Directory.str(), File.str()};
  Parts.insert(Parts.end(), Args.begin(), Args.end());
  return hashKey(Parts);
}

std::string FactsCache::entryPath(llvm::StringRef Key, llvm::StringRef Extension) const {
  llvm::SmallString<256> P(Directory);
  // Two levels, as git does, so that no directory grows too large to list.
  path::append(P, Key.take_front(2), Key.drop_front(2) + Extension);
  return P.str().str();
}

std::optional<std::string> FactsCache::currentHash(const std::string &Path,
                                                   const llvm::StringMap<std::string> *Overlay) {
  if (Overlay)
    if (auto It = Overlay->find(Path); It != Overlay->end())
      return contentHash(It->second);
  if (MemoizeHashes) {
    std::lock_guard<std::mutex> Lock(HashMutex);
    if (auto It = Hashes.find(Path); It != Hashes.end())
      return It->second;
  }
  std::optional<std::string> Hash;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                /*RequiresNullTerminator=*/false))
    Hash = contentHash((*Buffer)->getBuffer());
  if (MemoizeHashes) {
    std::lock_guard<std::mutex> Lock(HashMutex);
    Hashes.try_emplace(Path, Hash);
  }
  return Hash;
}

std::optional<FactsCache::Entry> FactsCache::read(llvm::StringRef File, llvm::StringRef Key,
                                                  const llvm::StringMap<std::string> *Overlay,
                                                  std::string *Note, bool &IsCorrupt) {
  IsCorrupt = false;
  auto Miss = [&](const llvm::Twine &Why, bool Damaged) -> std::optional<Entry> {
    IsCorrupt = Damaged;
    if (Note)
      *Note = (File + ": " + Why).str();
    return std::nullopt;
  };
  auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return Miss("no entry", false);
  llvm::StringRef Text = (*Buffer)->getBuffer();
  auto [MagicLine, Rest] = Text.split('\n');
  auto [Checksum, Payload] = Rest.split('\n');
  if (MagicLine != Magic)
    return Miss("corrupt cache entry (not a facts cache entry of this format), rebuilt", true);
  if (Checksum != contentHash(Payload))
    return Miss("corrupt cache entry (checksum mismatch: truncated or damaged), rebuilt", true);
  // The checksum matched: what follows was written by write(), in this format. The text lines
  // are still read defensively (an entry of another build with the same format).
  auto Line = [&]() {
    auto [First, After] = Payload.split('\n');
    Payload = After;
    return First;
  };
  llvm::StringRef Tool = Line(), EntryKey = Line(), Count = Line();
  unsigned Inputs = 0;
  if (!Tool.consume_front("tool ") || Tool != toolKey() || !EntryKey.consume_front("key ") ||
      EntryKey != Key)
    return Miss("cache entry of another build of the tool, rebuilt", true);
  if (!Count.consume_front("inputs ") || Count.getAsInteger(10, Inputs))
    return Miss("corrupt cache entry (no inputs), rebuilt", true);
  for (unsigned I = 0; I < Inputs; ++I) {
    auto [Hash, Path] = Line().split(' ');
    if (Hash.empty() || Path.empty())
      return Miss("corrupt cache entry (bad input), rebuilt", true);
    if (Hash == AbsentHash) {  // a configuration file looked for and not found
      if (fs::is_regular_file(Path))
        return Miss(Path + " appeared", false);
      continue;
    }
    std::optional<std::string> Now = currentHash(Path.str(), Overlay);
    if (!Now || *Now != Hash)
      return Miss(Path + " changed", false);
  }
  Entry E;
  E.file = File.str();
  E.checksum = Checksum.str();
  E.body = Payload;
  E.buffer = std::move(*Buffer);
  return E;
}

std::string FactsCache::write(llvm::StringRef File, llvm::StringRef Key,
                              const std::vector<CachedInput> &Inputs, llvm::StringRef Body,
                              std::string *Note) {
  auto Fail = [&](const llvm::Twine &Why) {
    if (Note)
      *Note = (File + ": cannot be written to the facts cache: " + Why).str();
    return std::string();
  };
  std::string Payload;
  {
    llvm::raw_string_ostream OS(Payload);
    OS << "tool " << toolKey() << "\n"
       << "key " << Key << "\n"
       << "inputs " << Inputs.size() << "\n";
    for (const CachedInput &I : Inputs) {
      // One line per input: a path with a line break in it cannot be recorded.
      if (llvm::StringRef(I.path).contains('\n'))
        return Fail("a file name holds a line break: " + I.path);
      OS << I.hash << " " << I.path << "\n";
    }
    OS << Body;
  }
  if (std::error_code EC = fs::create_directories(path::parent_path(File)))
    return Fail(EC.message());
  llvm::Expected<fs::TempFile> Temp = fs::TempFile::create(File + ".tmp-%%%%%%%%");
  if (!Temp)
    return Fail(llvm::toString(Temp.takeError()));
  std::string Checksum = contentHash(Payload);
  {
    llvm::raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    OS << Magic << "\n" << Checksum << "\n" << Payload;
    OS.flush();
    if (OS.has_error()) {
      std::string Why = OS.error().message();
      OS.clear_error();
      llvm::consumeError(Temp->discard());
      return Fail(Why);
    }
  }
  // rename(2) replaces the entry in one step: a concurrent reader sees the old or the new.
  if (llvm::Error E = Temp->keep(File))
    return Fail(llvm::toString(std::move(E)));
  ++Stores;
  return Checksum;
}

std::optional<FactsCache::Entry> FactsCache::find(llvm::StringRef Key,
                                                  const llvm::StringMap<std::string> *Overlay,
                                                  std::string *Note) {
  bool IsCorrupt = false;
  std::optional<Entry> E = read(entryPath(Key, ".facts"), Key, Overlay, Note, IsCorrupt);
  if (E) {
    ++Hits;
  } else {
    ++Misses;
    if (IsCorrupt)
      ++Corrupt;
  }
  return E;
}

std::optional<TUFacts> FactsCache::decode(const Entry &E, std::string *Note) {
  llvm::Expected<TUFacts> Facts = decodeFacts(E.body);
  if (!Facts) {
    // Counted as a hit by find(): it is a corrupt miss after all.
    --Hits;
    ++Misses;
    ++Corrupt;
    if (Note)
      *Note = E.file + ": corrupt cache entry (" + llvm::toString(Facts.takeError()) +
              "), rebuilt";
    return std::nullopt;
  }
  // A hit makes the entry recently used for prune(); failing to mark it costs nothing.
  (void)::utime(E.file.c_str(), nullptr);
  return std::move(*Facts);
}

std::optional<TUFacts> FactsCache::lookup(llvm::StringRef Key,
                                          const llvm::StringMap<std::string> *Overlay,
                                          std::string *Note) {
  std::optional<Entry> E = find(Key, Overlay, Note);
  if (!E)
    return std::nullopt;
  return decode(*E, Note);
}

std::string FactsCache::store(llvm::StringRef Key, const TUFacts &Facts,
                              const std::vector<CachedInput> &Inputs, std::string *Note) {
  std::string Body;
  encodeFacts(Facts, Body);
  return write(entryPath(Key, ".facts"), Key, Inputs, Body, Note);
}

std::optional<CachedRun> FactsCache::lookupRun(llvm::StringRef Key, std::string *Note) {
  // Not in the TU entries' counts: stats() says whether the run was reused.
  bool IsCorrupt = false;
  std::optional<Entry> E = read(entryPath(Key, ".run"), Key, nullptr, Note, IsCorrupt);
  if (!E)
    return std::nullopt;
  llvm::Expected<CachedRun> Run = decodeRun(E->body);
  if (!Run) {
    if (Note)
      *Note = E->file + ": corrupt cache entry (" + llvm::toString(Run.takeError()) +
              "), rebuilt";
    return std::nullopt;
  }
  (void)::utime(E->file.c_str(), nullptr);
  RunReused = true;
  return std::move(*Run);
}

void FactsCache::storeRun(llvm::StringRef Key, const CachedRun &Run,
                          const std::vector<std::string> &ConfigFiles, std::string *Note) {
  std::vector<CachedInput> Inputs;
  for (const std::string &P : ConfigFiles) {
    if (!fs::is_regular_file(P)) {
      Inputs.push_back({P, std::string(AbsentHash)});
      continue;
    }
    std::optional<std::string> Hash = currentHash(P, nullptr);
    if (!Hash)  // there but unreadable: a run could never be checked against it
      return;
    Inputs.push_back({P, *Hash});
  }
  std::string Body;
  encodeRun(Run, Body);
  unsigned S = Stores;
  write(entryPath(Key, ".run"), Key, Inputs, Body, Note);
  Stores = S;  // counts TU entries only
}

unsigned FactsCache::prune(uint64_t MaxBytes) {
  struct Entry {
    std::string path;
    uint64_t size;
    llvm::sys::TimePoint<> used;
  };
  std::vector<Entry> Entries;
  uint64_t Total = 0;
  std::error_code EC;
  for (fs::recursive_directory_iterator It(Directory, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".facts") &&
        !llvm::StringRef(It->path()).ends_with(".run"))
      continue;
    fs::file_status Status;
    if (fs::status(It->path(), Status) || Status.type() != fs::file_type::regular_file)
      continue;
    Entries.push_back({It->path(), Status.getSize(), Status.getLastModificationTime()});
    Total += Status.getSize();
  }
  if (Total <= MaxBytes)
    return 0;
  std::sort(Entries.begin(), Entries.end(),
            [](const Entry &A, const Entry &B) { return A.used < B.used; });
  unsigned Removed = 0;
  for (const Entry &E : Entries) {
    if (Total <= MaxBytes)
      break;
    if (!fs::remove(E.path)) {
      Total -= E.size;
      ++Removed;
    }
  }
  return Removed;
}

FactsCache::Stats FactsCache::stats() const {
  return Stats{Hits.load(), Misses.load(), Stores.load(), Corrupt.load(), RunReused.load()};
}

}  // namespace concurlint
