# The Debian package (CPack's DEB generator): `cpack -G DEB` in the build directory.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "concur-lint")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "concur-lint")
set(CPACK_PACKAGE_CONTACT "concur-lint developers <concur-lint@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "finds concurrency mistakes in C and C++, with a runtime of executors")
# One string (several arguments to set() would make a list, joined by ';').
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "concur-lint is a Clang-based static analyser for concurrency in C and C++: data races on "
  "shared globals, blocking calls in C++20 coroutines, threads never joined, manual "
  "lock()/unlock(), writes lost in child processes, independent co_awaits run in sequence, and "
  "loops whose iterations could run at once (rewritten onto executors). It ships a language "
  "server (concur-lsp), a clang-tidy module, and the concur runtime: thread and process pools, "
  "coroutines on an event loop, async I/O, HTTP and a Celery-compatible task queue.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo: the debug info is most of the binaries' size
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_COMPRESSION_TYPE "zstd")  # fast to build; dpkg reads it since Debian 12
# The shared libraries the binaries link (libclang-cpp19, libllvm19, libyaml-cpp0.7, …), as
# dpkg-shlibdeps finds them; and Clang's resource headers (stddef.h, …), which every parse needs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang-common-19-dev")
# The clang-tidy module is loaded into clang-tidy-19; the runtime's static libraries are linked
# with these libraries' development packages.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "clang-tidy-19")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "libcurl4-openssl-dev, libhiredis-dev, liburing-dev, nlohmann-json3-dev")
include(CPack)
