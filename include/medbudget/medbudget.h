/* medbudget.h — the C interface of medbudget (libmedbudget_c.so; pkg-config medbudget_c). C99.
 *
 * JSON in, JSON out: every call takes UTF-8 JSON text and hands back the text the program
 * `medbudget` prints for the same request, byte for byte. See docs/c-api.md for the whole contract.
 *
 *   mb_result* r = NULL;
 *   mb_error* e = NULL;
 *   if (mb_settle(case_json, "{\"lang\": \"en\"}", &r, &e) == MB_OK)
 *     fputs(r->output, stdout);
 *   else
 *     fprintf(stderr, "%s\n", e ? e->text : "out of memory");
 *   mb_free(r);
 *   mb_free(e);
 *
 * Every call returns a status. On MB_OK `*result` is set and `*error` is NULL; otherwise `*result` is
 * NULL and `*error` describes the fault (or is NULL when even that could not be allocated). Whatever a
 * call hands out is released by one mb_free. Calls may run concurrently from any number of threads.
 */
#ifndef MEDBUDGET_H
#define MEDBUDGET_H

#include <stddef.h> /* size_t */

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MEDBUDGET_C_BUILD) && defined(__GNUC__)
#define MB_API __attribute__((visibility("default")))
#else
#define MB_API
#endif

/* The version of this interface. It changes only when a call or a structure changes incompatibly;
 * then the shared object's SONAME (libmedbudget_c.so.N) changes with it. */
#define MB_ABI_VERSION 1

/* Status of a call; the same numbers as the program's exit status. Stable: never renumbered. */
typedef enum mb_status {
  MB_OK = 0,
  MB_INPUT = 1,    /* the input is wrong: a field, a record, a file (`where` says which) */
  MB_USAGE = 2,    /* the request is wrong: an unknown command or option, a value out of range */
  MB_INTERNAL = 3, /* a broken invariant inside the library: a bug, please report it */
  MB_NO_MEMORY = 4 /* memory (or a thread) ran out, e.g. while reading a file (`where` names it) */
} mb_status;

/* What went wrong. One block: mb_free releases it and its strings. */
typedef struct mb_error {
  int code;              /* an mb_status other than MB_OK */
  const char* code_name; /* "input", "usage", "internal", "no_memory": stable words */
  const char* message;   /* what is wrong, without the place */
  const char* where;     /* a JSON path (funds[0].budget_inputs.fund_revenue), a file:line:column, an
                            option's name, or "" when the message says it all */
  /* message, where and text have the input's control characters written \u0007, as the program
     prints them. */
  const char* text;      /* the line the program prints after "medbudget: error: " (input), after
                            "medbudget: " (usage) or after "medbudget: internal error: " (internal) */
} mb_error;

/* What a call produced. One block: mb_free releases it and its strings. */
typedef struct mb_result {
  const char* output; /* the output text (JSON unless the options asked for text or csv) */
  size_t size;        /* its length in bytes, without the terminating NUL */
  const char* warnings; /* a JSON array of strings, each as the program prints it ("case: ..."); "[]" */
  const char* records;  /* after reading settlement records: "FILE: N records read, M counted, K excluded";
                           otherwise "" */
} mb_result;

/* Runs a command by name: "budget", "settle", "aggregate", "schedule", "monitor", "calendar",
 * "deductible" (input: a chain of referred stays), "presets", "version", "policy" (options
 * {"policy": ID}: an embedded preset's JSON text).
 * `input` is the case's JSON text for budget and settle; NULL or "" for the others.
 * `options` is a JSON object (NULL or "" means {}): see each call below. */
MB_API int mb_run(const char* command, const char* input, const char* options, mb_result** result,
                  mb_error** error);

/* The budget part of a case's statement (`medbudget budget`).
 * options: format (json|text|csv), lang (zh|en), encoding (csv only: utf-8|utf-8-bom|gb18030; default
 * utf-8-bom for zh, utf-8 for en; gb18030 output is not UTF-8), source (the case's name in messages; "case"),
 * base_dir (where a policy path in the case is resolved; the working directory), allow_policy_path
 * (true lets the case's "policy" name a file; default false: presets only, so that an uploaded case
 * cannot read or probe the machine's files). */
MB_API int mb_budget(const char* case_json, const char* options, mb_result** result, mb_error** error);

/* The year-end settlement statement (`medbudget settle`).
 * options: those of mb_budget, and claims, registry, attribution (paths of settlement records files:
 * each alliance's actuals then come from the records) and threads (1..999; default all cores). */
MB_API int mb_settle(const char* case_json, const char* options, mb_result** result, mb_error** error);

/* Settlement records to actuals (`medbudget aggregate`). The request is the options object:
 * claims, registry, county (admdvs), year (a number) required; attribution, policy (a preset id or a
 * policy file, for its age bands), threads, format (json|text), lang optional. */
MB_API int mb_aggregate(const char* options, mb_result** result, mb_error** error);

/* The embedded policy presets: [{"id", "notice", "name_zh"}, ...]. options: format (json|text). */
MB_API int mb_presets(const char* options, mb_result** result, mb_error** error);

/* {"version": "0.1.0", "abi": 1}. options: format (json|text). */
MB_API int mb_version(const char* options, mb_result** result, mb_error** error);

/* The dated payment schedule of a case's year (`medbudget schedule`).
 * options: those of mb_settle, and calendar (a calendar file layered on the embedded national one),
 * year_end_date ("YYYY-MM-DD", the year-end payment's date when the agency has set it). */
MB_API int mb_schedule(const char* case_json, const char* options, mb_result** result, mb_error** error);

/* In-year monitoring (`medbudget monitor`): the months so far, the projection, the warning level.
 * options: those of mb_settle, calendar, and through ("YYYY-MM", required); format json|text. */
MB_API int mb_monitor(const char* case_json, const char* options, mb_result** result, mb_error** error);

/* The working-day calendar (`medbudget calendar`). The request is the options object: question
 * ("add-workdays" with date and days, "is-workday" with date, "between" with date and to, "data"),
 * calendar (a file layered on top), format (json: {"date": …}, {"workday": …}, {"working_days": …};
 * text: the program's line). */
MB_API int mb_calendar(const char* options, mb_result** result, mb_error** error);

/* Releases anything a call handed out (an mb_result or an mb_error). NULL is allowed. */
MB_API void mb_free(void* p);

#ifdef __cplusplus
}
#endif

#endif /* MEDBUDGET_H */
