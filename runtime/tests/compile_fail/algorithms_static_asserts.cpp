// The documented static_asserts of concur/algorithms.h, one case per function. Compiled twice by
// check_compile_fail.cmake: with CONCUR_COMPILE_FAIL_CONTROL every case takes its valid variant and
// the file must compile; without it every case must fail with its message below.
// expect-error: concur::for_each_index cannot run on a ProcessPool
// expect-error: concur::map needs a function that returns a value
// expect-error: concur::map on a ProcessPool needs a plain function (or a captureless, non-generic lambda)
// expect-error: the function's parameter and result types must be carried by concur::codec
// expect-error: concur::map_reduce: reduce(accumulator, fn(item)) must be callable
#include <string>
#include <vector>

#include "concur/algorithms.h"

// A child's writes never reach the parent, so for_each_index refuses a ProcessPool.
void for_each_index_on_a_process_pool(concur::ProcessPool& processes, concur::ThreadPool& threads, int* out) {
#ifdef CONCUR_COMPILE_FAIL_CONTROL
  concur::for_each_index(threads, 0, 4, [out](int i) { out[i] = i; });
  (void)processes;
#else
  concur::for_each_index(processes, 0, 4, [out](int i) { out[i] = i; });
  (void)threads;
#endif
}

void map_of_a_void_function(concur::ThreadPool& pool, const std::vector<int>& items) {
#ifdef CONCUR_COMPILE_FAIL_CONTROL
  (void)concur::map(pool, items, [](int x) { return x; });
#else
  (void)concur::map(pool, items, [](int) {});
#endif
}

// A closure's captured state cannot follow it into a worker process.
void map_of_a_closure_on_a_process_pool(concur::ProcessPool& pool, const std::vector<int>& items, int offset) {
#ifdef CONCUR_COMPILE_FAIL_CONTROL
  (void)concur::map(pool, items, [](int x) { return x + 1; });
  (void)offset;
#else
  (void)concur::map(pool, items, [offset](int x) { return x + offset; });
#endif
}

struct Opaque {
  int value;
};
Opaque wrap(int x) { return Opaque{x}; }
int twice(int x) { return 2 * x; }

void map_of_an_unencodable_result_on_a_process_pool(concur::ProcessPool& pool, const std::vector<int>& items) {
#ifdef CONCUR_COMPILE_FAIL_CONTROL
  (void)concur::map(pool, items, twice);
#else
  (void)concur::map(pool, items, wrap);
#endif
}

void map_reduce_with_a_reduce_that_does_not_fit(concur::ThreadPool& pool, const std::vector<int>& items) {
  auto fn = [](int x) { return std::to_string(x); };
#ifdef CONCUR_COMPILE_FAIL_CONTROL
  (void)concur::map_reduce(pool, items, std::string(), fn);
#else
  (void)concur::map_reduce(pool, items, 0, fn);  // int + std::string
#endif
}
