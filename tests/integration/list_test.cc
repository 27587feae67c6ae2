// SPDX-License-Identifier: Apache-2.0
// Nested containers and `lmctfy list containers` on the real kernel.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::ElementsAre;

class ListTest : public IntegrationTest {
 protected:
  // /p with children /p/a (which has /p/a/b) and /p/c.
  void MakeTree() {
    ASSERT_NO_FATAL_FAILURE(CreateWithCli("/p", ""));
    ASSERT_NO_FATAL_FAILURE(CreateWithCli("/p/c", ""));
    ASSERT_NO_FATAL_FAILURE(CreateWithCli("/p/a", ""));
    ASSERT_NO_FATAL_FAILURE(CreateWithCli("/p/a/b", ""));
  }
};

TEST_F(ListTest, NestedContainersAreDirectoriesInsideTheirParent) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());

  EXPECT_TRUE(CgroupExists("freezer", "/p/a/b"));
}

TEST_F(ListTest, RecursiveListingShowsEveryDescendantInOrder) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());

  const CommandResult listed = RunCli({"list", "containers", "-r", "/p"});

  EXPECT_EQ(listed.exit_code, 0) << listed;
  EXPECT_EQ(listed.out, "name=\"/p/a\"\nname=\"/p/a/b\"\nname=\"/p/c\"\n");
}

TEST_F(ListTest, ListingWithoutRecursionShowsOnlyChildren) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());

  const CommandResult listed = RunCli({"list", "containers", "/p"});

  EXPECT_EQ(listed.exit_code, 0) << listed;
  EXPECT_EQ(listed.out, "name=\"/p/a\"\nname=\"/p/c\"\n");
}

TEST_F(ListTest, ValuesStylePrintsBareNames) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());

  const CommandResult listed = RunCli({"-v", "list", "containers", "-r", "/p"});

  EXPECT_EQ(listed.exit_code, 0) << listed;
  EXPECT_EQ(listed.out, "/p/a\n/p/a/b\n/p/c\n");
}

TEST_F(ListTest, LibraryListsSubcontainersSortedByName) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());
  absl::StatusOr<std::unique_ptr<Container>> parent = api().Get("/p");
  ASSERT_TRUE(parent.ok()) << parent.status();

  absl::StatusOr<std::vector<std::unique_ptr<Container>>> all =
      (*parent)->ListSubcontainers(Container::LIST_RECURSIVE);

  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<std::string> names;
  for (const std::unique_ptr<Container>& container : *all) {
    names.push_back(container->name());
  }
  EXPECT_THAT(names, ElementsAre("/p/a", "/p/a/b", "/p/c"));
}

TEST_F(ListTest, DestroyForceRemovesTheWholeSubtree) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());

  const CommandResult destroyed = RunCli({"destroy", "-f", "/p"});

  EXPECT_EQ(destroyed.exit_code, 0) << destroyed;
  for (const char* name : {"/p", "/p/a", "/p/a/b", "/p/c"}) {
    EXPECT_TRUE(HierarchiesWith(name).empty()) << name << " is left";
  }
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
