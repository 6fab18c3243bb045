#!/usr/bin/env bash
# Installs what medbudget needs to build and test on Debian 12, from Debian's packages only.
# As root it runs apt-get; otherwise it prints the apt-get line to run and fails.
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config libboost-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
          # memcheck on the example programs (examples/CMakeLists.txt)
          valgrind
          # the fuzz preset (tests/fuzz, docs/fuzzing.md): clang 14 with libFuzzer and the sanitizers' runtimes
          clang-14 libclang-rt-14-dev
          # the Java client (examples/java): JDK, JNA, JUnit 5's console launcher, Gson for its tests
          default-jdk-headless libjna-java junit5 libgoogle-gson-java
          # the Python module (examples/python), for Debian's /usr/bin/python3
          python3 python3-dev pybind11-dev python3-pytest)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present" >&2
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
