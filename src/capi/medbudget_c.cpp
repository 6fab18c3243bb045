// The C interface (medbudget.h) over the command layer (medbudget/io/commands.hpp).
//
// Every entry point catches everything: no exception and no std:: type leaves this file. Results and
// errors are single malloc'd blocks (the structure, then its strings), so one free releases them.
#include "medbudget/medbudget.h"

#include <nlohmann/json.hpp>

#include <cstdlib>    // malloc, free
#include <cstring>    // memcpy
#include <new>        // bad_alloc
#include <string>     // string
#include <string_view>
#include <system_error>  // system_error, errc

#include "medbudget/error.hpp"
#include "medbudget/io/commands.hpp"
#include "medbudget/io/files.hpp"

namespace {

// Copies `parts` after a T in one block and points each `fields[i]` at its copy.
template <typename T, std::size_t N>
T* block(const std::string_view (&parts)[N], const char* T::*const (&fields)[N]) noexcept {
  std::size_t size = sizeof(T);
  for (const auto& p : parts) size += p.size() + 1;
  void* mem = std::malloc(size);
  if (mem == nullptr) return nullptr;
  T* t = new (mem) T{};
  char* at = static_cast<char*>(mem) + sizeof(T);
  for (std::size_t i = 0; i < N; ++i) {
    if (!parts[i].empty()) std::memcpy(at, parts[i].data(), parts[i].size());
    at[parts[i].size()] = '\0';
    t->*fields[i] = at;
    at += parts[i].size() + 1;
  }
  return t;
}

const char* code_name(int code) noexcept {
  switch (code) {
    case MB_INPUT: return "input";
    case MB_USAGE: return "usage";
    case MB_INTERNAL: return "internal";
    default: return "no_memory";
  }
}

int fail(mb_error** error, int code, std::string_view message, std::string_view where, std::string_view text) noexcept {
  if (error != nullptr) {
    static const char* mb_error::*const fields[] = {&mb_error::code_name, &mb_error::message, &mb_error::where,
                                                    &mb_error::text};
    const std::string_view parts[] = {code_name(code), message, where, text};
    *error = block<mb_error>(parts, fields);
    if (*error != nullptr) (*error)->code = code;
  }
  return code;
}

// fail() with the input's control characters escaped in the texts (io/commands.hpp printable), as the
// program prints them; the raw texts when even that cannot be allocated.
int fail_printable(mb_error** error, int code, std::string_view message, std::string_view where,
                   std::string_view text) noexcept {
  try {
    const std::string m = medbudget::printable(message), w = medbudget::printable(where), t = medbudget::printable(text);
    return fail(error, code, m, w, t);
  } catch (...) {
    return fail(error, code, message, where, text);
  }
}

template <typename F>
int guarded(mb_result** result, mb_error** error, F&& f) noexcept {
  if (error != nullptr) *error = nullptr;
  if (result != nullptr) *result = nullptr;
  if (result == nullptr) return fail(error, MB_USAGE, "result must not be NULL", "result", "result must not be NULL");
  try {
    const medbudget::command_result r = f();
    const std::string warnings = nlohmann::json(r.warnings).dump();
    static const char* mb_result::*const fields[] = {&mb_result::output, &mb_result::warnings, &mb_result::records};
    const std::string_view parts[] = {r.output, warnings, r.records_summary};
    mb_result* out = block<mb_result>(parts, fields);
    if (out == nullptr) return fail(error, MB_NO_MEMORY, "out of memory", "", "out of memory");
    out->size = r.output.size();
    *result = out;
    return MB_OK;
  } catch (const medbudget::usage_error& e) {
    return fail_printable(error, MB_USAGE, e.what(), e.where(), e.what());
  } catch (const medbudget::input_error& e) {
    return fail_printable(error, MB_INPUT, e.message(), e.where(), e.what());
  } catch (const medbudget::out_of_memory_error& e) {  // memory or threads, while reading a file
    return fail(error, MB_NO_MEMORY, e.what(), e.where(), e.what());
  } catch (const std::bad_alloc&) {
    return fail(error, MB_NO_MEMORY, "out of memory", "", "out of memory");
  } catch (const std::system_error& e) {
    if (e.code() == std::errc::resource_unavailable_try_again)  // std::thread could not start one
      return fail(error, MB_NO_MEMORY, "out of memory (no thread could be started)", "",
                  "out of memory (no thread could be started)");
    return fail(error, MB_INTERNAL, e.what(), "", e.what());
  } catch (const std::exception& e) {
    return fail(error, MB_INTERNAL, e.what(), "", e.what());
  } catch (...) {
    return fail(error, MB_INTERNAL, "unknown exception", "", "unknown exception");
  }
}

std::string_view text(const char* s) noexcept { return s == nullptr ? std::string_view{} : std::string_view{s}; }

int run(const char* command, const char* input, const char* options, mb_result** result, mb_error** error) noexcept {
  return guarded(result, error, [&] {
    if (command == nullptr) throw medbudget::usage_error("command", "a command is required");
    return medbudget::run_command(command, text(input), text(options));
  });
}

}  // namespace

extern "C" {

int mb_run(const char* command, const char* input, const char* options, mb_result** result, mb_error** error) {
  return run(command, input, options, result, error);
}

int mb_budget(const char* case_json, const char* options, mb_result** result, mb_error** error) {
  return run("budget", case_json, options, result, error);
}

int mb_settle(const char* case_json, const char* options, mb_result** result, mb_error** error) {
  return run("settle", case_json, options, result, error);
}

int mb_aggregate(const char* options, mb_result** result, mb_error** error) {
  return run("aggregate", nullptr, options, result, error);
}

int mb_schedule(const char* case_json, const char* options, mb_result** result, mb_error** error) {
  return run("schedule", case_json, options, result, error);
}

int mb_monitor(const char* case_json, const char* options, mb_result** result, mb_error** error) {
  return run("monitor", case_json, options, result, error);
}

int mb_calendar(const char* options, mb_result** result, mb_error** error) {
  return run("calendar", nullptr, options, result, error);
}

int mb_presets(const char* options, mb_result** result, mb_error** error) {
  return run("presets", nullptr, options, result, error);
}

int mb_version(const char* options, mb_result** result, mb_error** error) {
  return run("version", nullptr, options, result, error);
}

void mb_free(void* p) { std::free(p); }

}  // extern "C"
