// SPDX-License-Identifier: Apache-2.0
// spinner <threads>: keeps that many threads of one process busy until it is
// killed. The CPU integration tests pin it with a cpuset mask.

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const int threads = argc == 2 ? std::atoi(argv[1]) : 0;
  if (threads < 1) {
    std::fprintf(stderr, "usage: spinner <threads>\n");
    return 2;
  }
  std::vector<std::thread> spinning;
  for (int i = 0; i < threads; ++i) {
    spinning.emplace_back([] {
      for (volatile unsigned long n = 0;; n = n + 1) {
      }
    });
  }
  for (std::thread& thread : spinning) thread.join();
  return 0;
}
