#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace ttam::test {

/// What a finished child process left behind.
struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by a signal or timed out
  int signal = 0;      ///< the signal that ended it, if any
  bool timed_out = false;
  long max_rss_kb = 0;  ///< peak resident memory; only set by RunTtamMeasured
  std::string out;
  std::string err;
};

/// Runs argv[0] (a path) with `input` on stdin, capturing stdout and stderr.
/// Kills it after `timeout`. `env` entries ("K=V") are added to the environment.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = "",
                         std::chrono::milliseconds timeout = std::chrono::seconds(60),
                         const std::vector<std::string>& env = {});

/// Runs the built ttam binary with `args`.
ProcessResult RunTtam(const std::vector<std::string>& args, const std::string& input = "",
                      std::chrono::milliseconds timeout = std::chrono::seconds(60));

/// Runs ttam like RunTtam, under /usr/bin/time, to learn its own peak memory.
/// (wait4's ru_maxrss is useless here: a child started with vfork, as
/// posix_spawn does, reports the parent's resident set too.)
ProcessResult RunTtamMeasured(const std::vector<std::string>& args, const std::string& input = "",
                              std::chrono::milliseconds timeout = std::chrono::seconds(60));

/// A child process left running in the background (a server); killed on destruction.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  bool running() const;
  int pid() const { return pid_; }
  /// What it wrote to stdout and stderr so far (both go to one temp file).
  std::string Log() const;

 private:
  int pid_ = -1;
  mutable bool reaped_ = false;  ///< running() collected its exit: nothing to kill
  std::string log_path_;
};

/// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

/// Polls until something accepts connections on 127.0.0.1:port or `timeout` passes.
bool WaitForPort(int port, std::chrono::milliseconds timeout);

/// Reads a whole file; empty when it cannot.
std::string ReadFile(const std::string& path);

/// A fresh directory under /tmp, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  /// Writes `content` to path()/name and returns the full path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace ttam::test
