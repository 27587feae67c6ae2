// SPDX-License-Identifier: Apache-2.0
// The lmctfy binary: the command-line tool on the real library.

#include <sys/prctl.h>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "glog/logging.h"

#include "cli/cli_environment.h"
#include "cli/cli_runner.h"
#include "cli/machine_spec_flags.h"
#include "include/lmctfy.h"
#include "util/status_macros.h"

namespace {

using ::containers::InitSpec;
using ::containers::MachineSpec;
using ::containers::lmctfy::ContainerApi;

absl::StatusOr<std::unique_ptr<ContainerApi>> NewApi() {
  ASSIGN_OR_RETURN(const std::optional<MachineSpec> machine,
                   ::containers::lmctfy::cli::MachineSpecFromFlags());
  if (!machine.has_value()) return ContainerApi::New();
  return ContainerApi::New(*machine);
}

absl::Status InitMachine(const InitSpec& spec) {
  ASSIGN_OR_RETURN(const std::optional<MachineSpec> machine,
                   ::containers::lmctfy::cli::MachineSpecFromFlags());
  if (!machine.has_value()) return ContainerApi::InitMachine(spec);
  return ContainerApi::InitMachine(spec, *machine);
}

// Only errors reach stderr unless --stderrthreshold says otherwise, and no
// log files are written.
void SetUpLogging(const char* argv0) {
  google::InitGoogleLogging(argv0);
  for (google::LogSeverity severity = google::GLOG_INFO;
       severity < google::NUM_SEVERITIES; ++severity) {
    google::SetLogDestination(severity, "");
  }
}

}  // namespace

int main(int argc, char** argv) {
  // A process `run -n` starts may run as the same user as this one while it
  // is still alive; non-dumpable, its /proc entries (fd, mem, environ, exe,
  // root) are root's and closed to that process. exec resets the flag, so the
  // commands lmctfy starts or becomes stay dumpable.
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    std::cerr << "lmctfy: warning: cannot make this process non-dumpable\n";
  }
  SetUpLogging(argc > 0 ? argv[0] : "lmctfy");

  ::containers::lmctfy::cli::CliEnvironment env;
  env.new_api = NewApi;
  env.init_machine = InitMachine;
  env.parent_pid = [] { return getppid(); };
  env.out = &std::cout;
  env.err = &std::cerr;
  const int status = ::containers::lmctfy::cli::RunCliInFreshProcess(
      std::vector<std::string>(argv, argv + argc), env);
  // Everything the command made is released by now; what exit() would add
  // is tearing down protobuf's and the flags' registries (a tenth of a
  // version command's time). No log files are open (SetUpLogging).
  std::cout.flush();
  std::cerr.flush();
  _exit(status);
}
