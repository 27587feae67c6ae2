// SPDX-License-Identifier: Apache-2.0
// memhog <MiB> [hold-seconds]: allocates and touches that much memory in
// 1 MiB steps, reporting progress, then optionally holds it. The integration
// tests run it in a memory-limited container to provoke the OOM killer.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

constexpr size_t kBytesPerStep = 1024 * 1024;
constexpr long kReportEveryMiB = 16;

// Parses a non-negative decimal argument; returns -1 when it is not one.
long ParseCount(const char* text) {
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 0) return -1;
  return value;
}

int Usage(const char* prog) {
  std::fprintf(stderr, "usage: %s <MiB> [hold-seconds]\n", prog);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) return Usage(argv[0]);
  const long mib = ParseCount(argv[1]);
  const long hold_seconds = argc == 3 ? ParseCount(argv[2]) : 0;
  if (mib < 0 || hold_seconds < 0) return Usage(argv[0]);

  const size_t page_size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<char*> chunks;
  for (long step = 1; step <= mib; ++step) {
    char* chunk = static_cast<char*>(std::malloc(kBytesPerStep));
    if (chunk == nullptr) {
      std::fprintf(stderr, "memhog: malloc failed after %ld MiB\n", step - 1);
      return 1;
    }
    // Writing through a volatile pointer makes every page resident; the
    // compiler may not drop these stores.
    volatile char* pages = chunk;
    for (size_t offset = 0; offset < kBytesPerStep; offset += page_size) {
      pages[offset] = static_cast<char>(step);
    }
    chunks.push_back(chunk);
    if (step % kReportEveryMiB == 0 || step == mib) {
      std::printf("memhog: %ld MiB touched\n", step);
      std::fflush(stdout);
    }
  }

  if (hold_seconds > 0) sleep(static_cast<unsigned>(hold_seconds));
  for (char* chunk : chunks) std::free(chunk);
  return 0;
}
