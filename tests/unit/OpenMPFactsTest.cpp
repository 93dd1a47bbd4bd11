// The OpenMP facts (facts/OpenMPFacts.h): what a region shares, and the context of each access.
#include "TestSupport.h"

#include "facts/FactsExtractor.h"

#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

TUFacts extractOpenMP(const std::string &Code) {
  TUFacts Facts;
  std::vector<std::string> Args = {"-std=c11", "-fopenmp", "-x", "c",
                                   "-resource-dir=" CONCUR_CLANG_RESOURCE_DIR};
  EXPECT_TRUE(clang::tooling::runToolOnCodeWithArgs(createFactsAction(Facts), Code, Args,
                                                    "input.c"))
      << Code;
  return Facts;
}

std::vector<std::string> names(const OmpRegionFact &R) {
  std::vector<std::string> Out;
  for (const OmpAccessFact &A : R.accesses)
    Out.push_back(A.name + (A.write ? "=" : ""));
  return Out;
}

TEST(OpenMPFacts, PrivateVariablesAreLeftOut) {
  TUFacts T = extractOpenMP(R"c(
    int g;
    void f(int *a, int n) {
      int i, j, tmp, s = 0, shared_tmp;
      #pragma omp parallel for private(tmp) reduction(+:s)
      for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
          int inner = a[i];
          tmp = inner;
          s += tmp;
          shared_tmp = g;
        }
    }
  )c");
  ASSERT_EQ(T.openmp.size(), 1u);
  const OmpRegionFact &R = T.openmp[0];
  EXPECT_EQ(R.directive, "parallel for");
  // i (the loop's), tmp (private), s (reduction) and inner (declared inside) are private; j,
  // the inner loop's variable declared before the region, is shared.
  EXPECT_EQ(names(R), (std::vector<std::string>{"n", "j=", "j", "n", "j=", "a[]", "shared_tmp=",
                                                 "g"}));
  ASSERT_EQ(R.loops.size(), 1u);
  EXPECT_EQ(R.loops[0].loopVars.size(), 1u);
}

TEST(OpenMPFacts, SubscriptsAreAffineInTheLoopVariable) {
  TUFacts T = extractOpenMP(R"c(
    int a[100], idx[100];
    void f(int n) {
      #pragma omp parallel for
      for (int i = 0; i < 40; i++) {
        a[2 * i + 1] = a[i - 3];
        a[i * n + 4] = a[idx[i]];
        a[i / 2] = a[7];
      }
    }
  )c");
  ASSERT_EQ(T.openmp.size(), 1u);
  std::vector<OmpIndexFact> Index;  // of a's accesses, in source order
  for (const OmpAccessFact &A : T.openmp[0].accesses)
    if (A.name == "a[]")
      Index.push_back(A.indices.at(0));
  ASSERT_EQ(Index.size(), 6u);
  EXPECT_EQ(Index[0].kind, OmpIndexKind::Affine);
  EXPECT_EQ(Index[0].coef, "2");
  EXPECT_EQ(Index[0].offset, "1");
  EXPECT_EQ(Index[1].coef, "1");
  EXPECT_EQ(Index[1].offset, "-3");
  EXPECT_EQ(Index[2].coef, "n");
  EXPECT_EQ(Index[2].offset, "4");
  EXPECT_EQ(Index[3].kind, OmpIndexKind::Indirect);
  EXPECT_EQ(Index[4].kind, OmpIndexKind::Unknown);
  EXPECT_EQ(Index[5].kind, OmpIndexKind::Affine);
  EXPECT_EQ(Index[5].loopVar, "");  // a[7]: no loop variable
  EXPECT_EQ(Index[5].offset, "7");
}

TEST(OpenMPFacts, BarriersCriticalsSingleAndTasks) {
  TUFacts T = extractOpenMP(R"c(
    #include <omp.h>
    int x, y, z;
    omp_lock_t l;
    void f(void) {
      #pragma omp parallel
      {
        #pragma omp single nowait
        x = 1;
        #pragma omp barrier
        #pragma omp critical(name)
        y = x;
        omp_set_lock(&l);
        z = 2;
        omp_unset_lock(&l);
        #pragma omp single
        {
          #pragma omp task depend(out: x)
          x = 3;
          #pragma omp taskwait
          y = 4;
        }
        #pragma omp atomic
        z += 1;
      }
    }
  )c");
  ASSERT_EQ(T.openmp.size(), 1u);
  const OmpRegionFact &R = T.openmp[0];
  ASSERT_EQ(R.accesses.size(), 7u);
  const auto &X1 = R.accesses[0], &Y1 = R.accesses[1], &X2 = R.accesses[2],
             &Z1 = R.accesses[3], &X3 = R.accesses[4], &Y2 = R.accesses[5],
             &Z2 = R.accesses[6];
  EXPECT_EQ(X1.execution, OmpExecution::OneThread);
  EXPECT_EQ(X1.phase, 0u);
  EXPECT_EQ(Y1.phase, 1u);  // after the barrier
  EXPECT_EQ(Y1.criticals, std::vector<std::string>{"name"});
  EXPECT_EQ(X2.name, "x");
  EXPECT_EQ(Z1.locks.size(), 1u);
  EXPECT_NE(X3.task, 0u);
  ASSERT_EQ(R.tasks.size(), 1u);
  EXPECT_EQ(R.tasks[0].depends.size(), 1u);
  EXPECT_FALSE(R.tasks[0].repeated);
  EXPECT_EQ(Y2.taskEpoch, R.tasks[0].creatorEpoch + 1);  // after the taskwait
  EXPECT_EQ(Z2.phase, 2u);  // after the single's barrier
  EXPECT_TRUE(Z2.atomic);
}

TEST(OpenMPFacts, CalledFunctionsAreWalkedWithTheirArguments) {
  TUFacts T = extractOpenMP(R"c(
    int hits, a[2000];
    static void touch(int *p, int k) {
      int local = k;
      p[k + 1] = local;
      hits++;
    }
    static void orphan(void) {
      #pragma omp for
      for (int j = 0; j < 10; j++)
        a[j] = 0;
      #pragma omp barrier
    }
    void f(int n) {
      int *q = a + 5;
      #pragma omp parallel
      {
        #pragma omp for
        for (int i = 0; i < n; i++) {
          touch(a, i);
          q[i] = 1;
        }
        orphan();
        hits = 0;
      }
    }
  )c");
  ASSERT_EQ(T.openmp.size(), 1u);
  const OmpRegionFact &R = T.openmp[0];
  // touch's p[k + 1] is a[i + 1] (local is the call's own), q[i] is a[i + 5], the orphaned
  // loop's a[j] runs in its own loop, and its barrier starts a new phase.
  EXPECT_EQ(names(R), (std::vector<std::string>{"n", "a[]=", "hits=", "a[]=", "a[]=", "hits="}));
  const OmpAccessFact &Touch = R.accesses[1], &Q = R.accesses[3], &Orphan = R.accesses[4];
  EXPECT_EQ(Touch.indices.at(0).coef, "1");
  EXPECT_EQ(Touch.indices.at(0).offset, "1");
  EXPECT_EQ(Touch.indices.at(0).loopVar, Q.indices.at(0).loopVar);
  EXPECT_EQ(Q.indices.at(0).offset, "5");
  EXPECT_NE(Orphan.loop, Q.loop);
  ASSERT_EQ(R.loops.size(), 2u);
  // The region's loop runs i from 0 to n (n never written in the region: fixed).
  EXPECT_EQ(R.loops[0].lower.offset, "0");
  EXPECT_EQ(R.loops[0].upper.rest, "n");
  EXPECT_TRUE(R.loops[0].upper.fixed);
  EXPECT_EQ(R.loops[1].upper.offset, "10");
  EXPECT_EQ(R.accesses[5].phase, Orphan.phase + 2);  // the orphaned for's and the barrier
}

TEST(OpenMPFacts, LinearVariablesAndSafelen) {
  TUFacts T = extractOpenMP(R"c(
    int out[3000];
    void f(void) {
      int k = 0;
      #pragma omp simd linear(k:3) safelen(8)
      for (int i = 0; i < 1000; i++) {
        out[k] = i;
        k += 3;
        out[k] = i;
      }
    }
  )c");
  ASSERT_EQ(T.openmp.size(), 1u);
  const OmpRegionFact &R = T.openmp[0];
  ASSERT_EQ(R.accesses.size(), 2u);
  // k is 3 * i plus its start, and 3 more after `k += 3`.
  EXPECT_EQ(R.accesses[0].indices.at(0).coef, "3");
  EXPECT_EQ(R.accesses[0].indices.at(0).rest, "linear(k)");
  EXPECT_TRUE(R.accesses[0].indices.at(0).fixed);
  EXPECT_EQ(R.accesses[1].indices.at(0).offset, "3");
  ASSERT_EQ(R.loops.size(), 1u);
  EXPECT_EQ(R.loops[0].safelen, 8u);
}

}  // namespace
}  // namespace concurlint
