// SPDX-License-Identifier: Apache-2.0
// Example: contain a command with the lmctfy library. Creates a container
// with a 64 MiB memory limit, runs /bin/sleep in it, lists the container's
// processes, then destroys the container (which kills the sleep) and reaps it.
// Needs root and mounted cgroup hierarchies (see `lmctfy init`).

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

#include "include/lmctfy.h"

namespace {

using ::containers::lmctfy::Container;
using ::containers::lmctfy::ContainerApi;
using ::containers::lmctfy::ContainerSpec;
using ::containers::lmctfy::RunSpec;

constexpr int64_t kMemoryLimitBytes = 64 << 20;

int Fail(const std::string& step, const absl::Status& status) {
  std::fprintf(stderr, "contain_a_command: %s: %s\n", step.c_str(),
               status.ToString().c_str());
  return 1;
}

// Waits for `pid` and describes how it ended.
std::string Reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return "could not be reaped";
  }
  if (WIFSIGNALED(status)) {
    return absl::StrCat("was killed by signal ", WTERMSIG(status));
  }
  return absl::StrCat("exited with status ", WEXITSTATUS(status));
}

// Runs the sleep in `container`, shows its processes and destroys the
// container; the container is destroyed even when a step fails.
int RunInContainer(const ContainerApi& api, Container* container) {
  absl::StatusOr<pid_t> pid = container->Run({"/bin/sleep", "5"}, RunSpec());
  if (!pid.ok()) {
    const int failed = Fail("running /bin/sleep", pid.status());
    api.Destroy(container).IgnoreError();
    return failed;
  }
  std::printf("started /bin/sleep 5 as pid %d\n", *pid);

  absl::StatusOr<std::vector<pid_t>> pids =
      container->ListProcesses(Container::LIST_SELF);
  if (pids.ok()) {
    for (pid_t listed : *pids) {
      std::printf("container %s holds pid %d\n", container->name().c_str(),
                  listed);
    }
  }

  // Destroy kills whatever still runs inside; reap our child afterwards.
  const absl::Status destroyed = api.Destroy(container);
  const std::string ending = Reap(*pid);
  if (!pids.ok()) return Fail("listing processes", pids.status());
  if (!destroyed.ok()) return Fail("destroying the container", destroyed);
  std::printf("destroyed %s; pid %d %s\n", container->name().c_str(), *pid,
              ending.c_str());
  return 0;
}

}  // namespace

int main() {
  absl::StatusOr<std::unique_ptr<ContainerApi>> api = ContainerApi::New();
  if (!api.ok()) {
    return Fail("opening lmctfy (are the cgroup hierarchies mounted?)",
                api.status());
  }

  const std::string name = absl::StrCat("/example-", getpid());
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(kMemoryLimitBytes);
  absl::StatusOr<std::unique_ptr<Container>> container =
      (*api)->Create(name, spec);
  if (!container.ok()) return Fail("creating " + name, container.status());
  std::printf("created %s with a %lld byte memory limit\n", name.c_str(),
              static_cast<long long>(kMemoryLimitBytes));

  return RunInContainer(**api, container->get());
}
