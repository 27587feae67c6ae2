// SPDX-License-Identifier: Apache-2.0
// Virtual hosts on the real kernel: a busybox root filesystem built at test
// time, the hostname, the pid namespace and its init, orphan reaping, the
// network (loopback only, or a veth pair inside this test's own network
// namespace), a user namespace, and a destroy that leaves nothing behind.

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// Debian's busybox-static (scripts/install_deps.sh).
constexpr char kBusybox[] = "/bin/busybox";
constexpr const char* kApplets[] = {"sh",   "ps",    "hostname", "ls",
                                    "cat",  "sleep", "ping",     "echo",
                                    "true", "grep",  "id"};

class VirtualHostTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (access(kBusybox, X_OK) != 0) {
      GTEST_SKIP() << kBusybox << " is missing (install busybox-static)";
    }
    char dir[] = "/tmp/lmctfy-vhost-root.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    rootfs_ = dir;
    ASSERT_EQ(mkdir((rootfs_ + "/bin").c_str(), 0755), 0);
    const CommandResult copied =
        RunCommand({"/bin/cp", kBusybox, rootfs_ + "/bin/busybox"});
    ASSERT_EQ(copied.exit_code, 0) << copied;
    for (const char* applet : kApplets) {
      ASSERT_EQ(symlink("busybox", (rootfs_ + "/bin/" + applet).c_str()), 0);
    }
  }

  void TearDown() override {
    IntegrationTest::TearDown();
    if (!rootfs_.empty()) RunCommand({"/bin/rm", "-rf", rootfs_});
  }

  // Creates `name` as a virtual host on the busybox rootfs and returns the
  // init pid the CLI printed.
  pid_t CreateVirtualHost(const std::string& name,
                          const std::string& vhost_fields) {
    DestroyAtTearDown(name);
    const CommandResult created =
        RunCli({"create", name,
                absl::StrCat("virtual_host { ", vhost_fields,
                             " } filesystem { rootfs: \"", rootfs_, "\" }")});
    EXPECT_EQ(created.exit_code, 0) << created;
    absl::string_view out = created.out;
    pid_t pid = -1;
    if (!absl::ConsumePrefix(&out, "init_pid=\"") ||
        !absl::ConsumeSuffix(&out, "\"\n") || !absl::SimpleAtoi(out, &pid)) {
      ADD_FAILURE() << "create printed no init_pid: " << created;
    }
    return pid;
  }

  CommandResult RunIn(const std::string& name,
                      std::vector<std::string> command) {
    command.insert(command.begin(), {"run", name});
    return RunCli(command);
  }

  // Mount points of this process's mount namespace that lie in the rootfs.
  std::vector<std::string> MountsInRootfs() {
    std::vector<std::string> found;
    std::ifstream mounts("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mounts, line)) {
      std::vector<std::string> fields = absl::StrSplit(line, ' ');
      if (fields.size() > 4 && absl::StartsWith(fields[4], rootfs_)) {
        found.push_back(fields[4]);
      }
    }
    return found;
  }

  // Destroys /vh, whose init and background process `sleeper` run, and
  // checks that no process, cgroup or mount of it is left.
  void ExpectDestroyLeavesNothing(pid_t init, pid_t sleeper) {
    const CommandResult destroyed = RunCli({"destroy", "-f", "/vh"});

    EXPECT_EQ(destroyed.exit_code, 0) << destroyed;
    // The sleeper is our child (we are the subreaper of the CLI's children);
    // until it is reaped the dying init cannot finish either.
    EXPECT_TRUE(WaitUntil([&] {
      const bool sleeper_gone = ProcessGone(sleeper);
      return ProcessGone(init) && sleeper_gone;
    }));
    EXPECT_THAT(HierarchiesWith("/vh"), IsEmpty());
    EXPECT_THAT(MountsInRootfs(), IsEmpty());
  }

  std::string rootfs_;
};

TEST_F(VirtualHostTest, HostnameIsTheSpecsInsideOnly) {
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof(host) - 1), 0);
  ASSERT_GT(CreateVirtualHost("/vh", "virtual_hostname: \"vh-test\""), 0);

  const CommandResult inside = RunIn("/vh", {"hostname"});

  EXPECT_EQ(inside.exit_code, 0) << inside;
  EXPECT_EQ(inside.out, "vh-test\n");
  char after[256] = {};
  ASSERT_EQ(gethostname(after, sizeof(after) - 1), 0);
  EXPECT_STREQ(after, host) << "the host's own hostname changed";
}

TEST_F(VirtualHostTest, InitIsPidOneAndOnlyItsOwnProcessesAreVisible) {
  const pid_t init = CreateVirtualHost("/vh", "");
  ASSERT_GT(init, 0);

  // The shell's glob sees /proc of the new pid namespace: the init and the
  // shell itself.
  const CommandResult procs =
      RunIn("/vh", {"/bin/sh", "-c", "echo /proc/[0-9]*"});
  EXPECT_EQ(procs.exit_code, 0) << procs;
  std::vector<std::string> entries =
      absl::StrSplit(absl::StripTrailingAsciiWhitespace(procs.out), ' ');
  EXPECT_EQ(entries.size(), 2u) << procs.out;
  EXPECT_EQ(entries.front(), "/proc/1") << procs.out;
  EXPECT_EQ(ReadFileOrFail("/proc/" + std::to_string(init) + "/comm"),
            "lmctfy-vhost-in");
  const CommandResult comm = RunIn("/vh", {"cat", "/proc/1/comm"});
  EXPECT_EQ(comm.out, "lmctfy-vhost-in\n") << comm;

  const CommandResult ps = RunIn("/vh", {"ps"});
  EXPECT_EQ(ps.exit_code, 0) << ps;
  std::vector<std::string> lines =
      absl::StrSplit(ps.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << ps.out;  // header, init, ps
  EXPECT_THAT(lines[1], HasSubstr("lmctfy-vhost-init"));
  EXPECT_THAT(std::string(absl::StripLeadingAsciiWhitespace(lines[1])),
              StartsWith("1 "));

  absl::StatusOr<std::unique_ptr<Container>> container = api().Get("/vh");
  ASSERT_TRUE(container.ok()) << container.status();
  EXPECT_EQ(*(*container)->GetInitPid(), init);
  const CommandResult spec = RunCli({"spec", "/vh"});
  EXPECT_THAT(spec.out, HasSubstr("virtual_host {\n}")) << spec;
}

TEST_F(VirtualHostTest, CustomInitRunsAsPidOne) {
  const pid_t init = CreateVirtualHost(
      "/vh", "init { init_argv: \"/bin/sleep\" init_argv: \"1000\" }");
  ASSERT_GT(init, 0);
  EXPECT_EQ(ReadFileOrFail("/proc/" + std::to_string(init) + "/comm"), "sleep");
  const CommandResult comm = RunIn("/vh", {"cat", "/proc/1/cmdline"});
  EXPECT_EQ(comm.out, std::string("/bin/sleep\0"
                                  "1000\0",
                                  16))
      << comm;
}

TEST_F(VirtualHostTest, EnterRefusesAThreadOutsideTheVirtualHost) {
  ASSERT_GT(CreateVirtualHost("/vh", ""), 0);

  // Without tids, enter moves its parent: this test, a host process.
  const CommandResult entered = RunCli({"enter", "/vh"});

  EXPECT_EQ(entered.exit_code, 9) << entered;
  EXPECT_THAT(entered.err, HasSubstr("pid namespace"));
  EXPECT_THAT(ReadPids(CgroupDir("freezer", "/vh") + "/cgroup.procs"),
              Not(::testing::Contains(getpid())));
}

TEST_F(VirtualHostTest, FilesOutsideTheRootFilesystemAreUnreachable) {
  const std::string marker =
      absl::StrCat("/tmp/lmctfy-vhost-marker-", getpid());
  std::ofstream(marker) << "outside";
  ASSERT_GT(CreateVirtualHost("/vh", ""), 0);

  const CommandResult cat = RunIn("/vh", {"cat", marker});
  const CommandResult root = RunIn("/vh", {"ls", "/"});
  unlink(marker.c_str());

  EXPECT_NE(cat.exit_code, 0) << cat;
  EXPECT_THAT(cat.out, Not(HasSubstr("outside")));
  EXPECT_EQ(root.exit_code, 0) << root;
  EXPECT_EQ(root.out, "bin\ndev\nproc\nsys\ntmp\n");
  const CommandResult dev = RunIn("/vh", {"ls", "/dev"});
  EXPECT_THAT(dev.out, HasSubstr("null\n"));
  EXPECT_THAT(dev.out, HasSubstr("pts\n"));
  const CommandResult write_sys =
      RunIn("/vh", {"/bin/sh", "-c", "echo x > /sys/kernel/uevent_helper"});
  EXPECT_NE(write_sys.exit_code, 0) << "/sys is writable: " << write_sys;
}

TEST_F(VirtualHostTest, OrphansAreReapedByTheInit) {
  const pid_t init = CreateVirtualHost("/vh", "");
  ASSERT_GT(init, 0);

  // The subshell exits at once, leaving its sleep to the init.
  const CommandResult ran =
      RunIn("/vh", {"/bin/sh", "-c", "(sleep 0.3 &) ; exit 0"});
  ASSERT_EQ(ran.exit_code, 0) << ran;

  const std::string children =
      absl::StrCat("/proc/", init, "/task/", init, "/children");
  EXPECT_TRUE(WaitUntil([&] {
    std::ifstream file(children);
    std::string text((std::istreambuf_iterator<char>(file)),
                     std::istreambuf_iterator<char>());
    return absl::StripAsciiWhitespace(text).empty();
  })) << "the init still has children (zombies): "
      << ReadFileOrFail(children);
}

TEST_F(VirtualHostTest, DestroyOfRunningVirtualHostLeavesNothing) {
  const pid_t init = CreateVirtualHost("/vh", "virtual_hostname: \"gone\"");
  ASSERT_GT(init, 0);
  const pid_t sleeper = RunInBackground("/vh", {"sleep", "1000"});
  ASSERT_GT(sleeper, 0);
  EXPECT_THAT(MountsInRootfs(), IsEmpty())
      << "the virtual host's mounts leaked into the host's namespace";

  ExpectDestroyLeavesNothing(init, sleeper);
}

TEST_F(VirtualHostTest, EmptyNetworkHasOnlyLoopbackAndItIsUp) {
  ASSERT_GT(CreateVirtualHost("/vh", "network {}"), 0);

  const CommandResult links = RunIn("/vh", {"ls", "/sys/class/net"});
  const CommandResult flags = RunIn("/vh", {"cat", "/sys/class/net/lo/flags"});

  EXPECT_EQ(links.out, "lo\n") << links;
  int64_t value = 0;
  ASSERT_TRUE(absl::numbers_internal::safe_strto64_base(
      absl::StripAsciiWhitespace(flags.out), &value, 16))
      << flags;
  EXPECT_EQ(value & 1, 1) << "lo is down: " << flags.out;  // IFF_UP
}

// Runs in a network namespace of its own, so the host end of the veth pair
// never appears in the machine's namespace.
class VirtualHostNetworkTest : public VirtualHostTest {
 protected:
  void SetUp() override {
    VirtualHostTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    original_netns_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(original_netns_, 0);
    ASSERT_EQ(unshare(CLONE_NEWNET), 0) << std::strerror(errno);
  }

  void TearDown() override {
    VirtualHostTest::TearDown();
    if (original_netns_ >= 0) {
      EXPECT_EQ(setns(original_netns_, CLONE_NEWNET), 0);
      close(original_netns_);
    }
  }

  static CommandResult Ip(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/sbin/ip"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }

  int original_netns_ = -1;
};

TEST_F(VirtualHostNetworkTest, InsideAddressReachesTheOutsideEnd) {
  ASSERT_GT(CreateVirtualHost(
                "/vh",
                "network { connection { veth_pair { outside: \"lmvh0\" "
                "inside: \"eth0\" } } virtual_ip { ip: \"169.254.77.2\" "
                "netmask: \"255.255.255.252\" } }"),
            0);
  const CommandResult addr =
      Ip({"addr", "add", "169.254.77.1/30", "dev", "lmvh0"});
  ASSERT_EQ(addr.exit_code, 0) << addr;

  const CommandResult links = RunIn("/vh", {"ls", "/sys/class/net"});
  const CommandResult ping =
      RunIn("/vh", {"ping", "-c", "1", "-W", "5", "169.254.77.1"});

  EXPECT_EQ(links.out, "eth0\nlo\n") << links;
  EXPECT_EQ(ping.exit_code, 0) << ping;
  EXPECT_THAT(ping.out, HasSubstr("1 packets received"));

  const CommandResult destroyed = RunCli({"destroy", "-f", "/vh"});
  EXPECT_EQ(destroyed.exit_code, 0) << destroyed;
  const CommandResult gone = Ip({"link", "show", "dev", "lmvh0"});
  EXPECT_NE(gone.exit_code, 0) << "veth left behind: " << gone;
}

// Root inside is uid and gid 100000 outside.
constexpr char kUserNamespace[] =
    "user_namespace { uid_map { id_inside_ns: 0 id_outside_ns: 100000 length: "
    "65536 } gid_map { id_inside_ns: 0 id_outside_ns: 100000 length: 65536 } "
    "}";

class VirtualHostUserNamespaceTest : public VirtualHostTest {
 protected:
  void SetUp() override {
    VirtualHostTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::ifstream limit("/proc/sys/user/max_user_namespaces");
    int max_namespaces = 0;
    if (!(limit >> max_namespaces) || max_namespaces == 0) {
      GTEST_SKIP() << "user namespaces are turned off or missing "
                      "(/proc/sys/user/max_user_namespaces)";
    }
    const CommandResult probe = RunCommand({"/usr/bin/unshare", "-U", "true"});
    if (probe.exit_code != 0) {
      GTEST_SKIP() << "the kernel refuses a user namespace: " << probe;
    }
    // The root inside owns nothing on the host, so the rootfs (mkdtemp made
    // it 0700) must be open to others.
    ASSERT_EQ(chmod(rootfs_.c_str(), 0755), 0);
  }

  // The ids after `key` (e.g. "Uid:") in a /proc/<pid>/status.
  static std::vector<std::string> StatusIds(const std::string& status,
                                            absl::string_view key) {
    for (absl::string_view line : absl::StrSplit(status, '\n')) {
      if (absl::ConsumePrefix(&line, key)) {
        return absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
      }
    }
    return {};
  }

  static std::vector<std::string> Fields(const std::string& text) {
    return absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty());
  }

  static std::string ReadLinkOrEmpty(const std::string& path) {
    char target[256];
    const ssize_t n = readlink(path.c_str(), target, sizeof(target));
    return n > 0 ? std::string(target, static_cast<size_t>(n)) : "";
  }
};

TEST_F(VirtualHostUserNamespaceTest, RootInsideIsTheMappedUidOutside) {
  const pid_t init = CreateVirtualHost("/vh", kUserNamespace);
  ASSERT_GT(init, 0);

  const CommandResult uid = RunIn("/vh", {"id", "-u"});
  const CommandResult gid = RunIn("/vh", {"id", "-g"});
  const CommandResult uid_map = RunIn("/vh", {"cat", "/proc/self/uid_map"});
  const CommandResult gid_map = RunIn("/vh", {"cat", "/proc/self/gid_map"});

  EXPECT_EQ(uid.out, "0\n") << uid;
  EXPECT_EQ(gid.out, "0\n") << gid;
  EXPECT_THAT(Fields(uid_map.out), ElementsAre("0", "100000", "65536"))
      << uid_map;
  EXPECT_THAT(Fields(gid_map.out), ElementsAre("0", "100000", "65536"))
      << gid_map;
  const std::string status =
      ReadFileOrFail(absl::StrCat("/proc/", init, "/status"));
  EXPECT_THAT(StatusIds(status, "Uid:"),
              ElementsAre("100000", "100000", "100000", "100000"))
      << status;
  EXPECT_THAT(StatusIds(status, "Gid:"),
              ElementsAre("100000", "100000", "100000", "100000"));
  EXPECT_THAT(StatusIds(status, "Groups:"), IsEmpty());

  // What run starts joins the user namespace too.
  const pid_t sleeper = RunInBackground("/vh", {"sleep", "1000"});
  ASSERT_GT(sleeper, 0);
  EXPECT_THAT(
      StatusIds(ReadFileOrFail(absl::StrCat("/proc/", sleeper, "/status")),
                "Uid:"),
      ElementsAre("100000", "100000", "100000", "100000"));
  const std::string init_userns =
      ReadLinkOrEmpty(absl::StrCat("/proc/", init, "/ns/user"));
  EXPECT_NE(init_userns, ReadLinkOrEmpty("/proc/self/ns/user"));
  EXPECT_EQ(ReadLinkOrEmpty(absl::StrCat("/proc/", sleeper, "/ns/user")),
            init_userns);
}

TEST_F(VirtualHostUserNamespaceTest, DevicesWorkAndSysIsTheHostsReadOnly) {
  ASSERT_GT(CreateVirtualHost("/vh", kUserNamespace), 0);

  // Only the real /dev/full refuses writes; an empty file would take them.
  const CommandResult devices = RunIn(
      "/vh",
      {"/bin/sh", "-c",
       "echo x > /dev/null && ! echo x 2>/dev/null >/dev/full && echo ok"});
  const CommandResult write_sys =
      RunIn("/vh", {"/bin/sh", "-c", "echo x > /sys/kernel/uevent_helper"});
  const CommandResult root = RunIn("/vh", {"ls", "/"});

  EXPECT_EQ(devices.out, "ok\n") << devices;
  EXPECT_NE(write_sys.exit_code, 0) << "/sys is writable: " << write_sys;
  EXPECT_EQ(root.out, "bin\ndev\nproc\nsys\ntmp\n") << root;
}

TEST_F(VirtualHostUserNamespaceTest, WithNetworkItMountsItsOwnSysfs) {
  ASSERT_GT(
      CreateVirtualHost("/vh", absl::StrCat("network {} ", kUserNamespace)), 0);

  const CommandResult links = RunIn("/vh", {"ls", "/sys/class/net"});

  EXPECT_EQ(links.out, "lo\n") << links;
}

TEST_F(VirtualHostUserNamespaceTest, DestroyLeavesNothing) {
  const pid_t init = CreateVirtualHost("/vh", kUserNamespace);
  ASSERT_GT(init, 0);
  const pid_t sleeper = RunInBackground("/vh", {"sleep", "1000"});
  ASSERT_GT(sleeper, 0);

  ExpectDestroyLeavesNothing(init, sleeper);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
