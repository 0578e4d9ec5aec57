/* cprules: the C API (version 1), for hosts in other languages (Python ctypes,
 * Node koffi, .NET P/Invoke, Java FFM/JNA) and for C programs. Plain C99.
 *
 * Rules that hold for every function here:
 * - No exception, abort or exit ever leaves the library; failures are return codes.
 * - Functions returning int return 0 (CPRULES_OK) on success and a negative
 *   CPRULES_E_* code on failure. Each of them clears this thread's last error on
 *   entry and sets it on failure, so cprules_last_error() describes the most
 *   recent int-returning call on the calling thread ("" after a success).
 * - An out-parameter (`out`) is set only on success; on failure it is left NULL
 *   (when `out` itself is not NULL) and there is nothing to free.
 * - Every object the library hands out is freed by the library's own
 *   cprules_*_free; strings it returns are owned by it (see each function for
 *   how long they stay valid). Freeing NULL does nothing.
 * - Thread-safety: a policy may be shared by any number of threads at once
 *   (loading one and freeing it are not concurrent with its use, of course).
 *   A result may be read from several threads at once (its accessors do not
 *   change it as seen from outside); freeing it is not concurrent with its use.
 *   Diagnostics and the last error are per thread.
 *
 * Input errors in case facts (bad JSON, a missing field, a malformed date ...)
 * are not call failures: the call returns 0 and the result's JSON lists them
 * under "errors" with their JSON pointers (contract section 2), exactly as
 * `cprules check` does, and cprules_result_cases_with_errors() counts them.
 * See docs/api.md. */
#ifndef CPRULES_CPRULES_H
#define CPRULES_CPRULES_H

#include <stddef.h>

#if defined(_WIN32)
#  if defined(CPRULES_C_BUILDING)
#    define CPRULES_API __declspec(dllexport)
#  else
#    define CPRULES_API
#  endif
#elif defined(__GNUC__)
#  define CPRULES_API __attribute__((visibility("default")))
#else
#  define CPRULES_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes. */
#define CPRULES_OK 0
/* A required pointer is NULL. (An index or status out of range is not an error:
   the accessors that take one return "", 0 or NULL.) */
#define CPRULES_E_INVALID_ARGUMENT (-1)
/* An argument other than case facts is malformed: `as_of` is not a YYYY-MM-DD date. */
#define CPRULES_E_INPUT (-2)
/* The policy is not found or does not compile; cprules_diagnostic_*() say why. */
#define CPRULES_E_POLICY (-3)
/* Out of memory, or a failure inside the library that is not the caller's. */
#define CPRULES_E_INTERNAL (-4)

/* Finding statuses (contract section 2), for cprules_result_count(). */
#define CPRULES_STATUS_MET 0
#define CPRULES_STATUS_PENDING 1
#define CPRULES_STATUS_LATE 2
#define CPRULES_STATUS_OVERDUE 3
#define CPRULES_STATUS_BREACHED 4
#define CPRULES_STATUS_WAIVED 5

typedef struct cprules_policy cprules_policy;
typedef struct cprules_result cprules_result;

/* The library version, e.g. "0.1.0". Static storage. */
CPRULES_API const char *cprules_version(void);

/* This thread's message for its last failure; "" when none. Valid until the
   next cprules call on this thread. */
CPRULES_API const char *cprules_last_error(void);

/* ---- Policies ---------------------------------------------------------- */

/* Loads a bundled policy by name ("york": from $CPRULES_DATA_DIR, else the
   installed share/cprules/policies) or a policy file by path (any name with a
   '/' or ending in .yaml or .yml). 0 on success, negative on error (CPRULES_E_POLICY
   when it is not found or does not compile). */
CPRULES_API int cprules_policy_load(const char *name_or_path, cprules_policy **out);

/* Compiles policy YAML text of `length` bytes. `file_name` (may be NULL:
   "<yaml>") names it in diagnostics and resolves a relative `extends`. */
CPRULES_API int cprules_policy_load_yaml(const char *yaml, size_t length, const char *file_name,
                                         cprules_policy **out);

CPRULES_API void cprules_policy_free(cprules_policy *policy);

/* The policy's id, version and title; valid until the policy is freed ("" for NULL). */
CPRULES_API const char *cprules_policy_id(const cprules_policy *policy);
CPRULES_API const char *cprules_policy_version(const cprules_policy *policy);
CPRULES_API const char *cprules_policy_title(const cprules_policy *policy);

/* The diagnostics of this thread's last cprules_policy_load or
   cprules_policy_load_yaml, failed or not: errors and warnings, sorted by
   file, line and column. Strings are valid until the next policy load on this
   thread. Out of range indexes give "" and 0. */
CPRULES_API size_t cprules_diagnostic_count(void);
CPRULES_API const char *cprules_diagnostic_code(size_t index);    /* "policy.unknown_key", ... */
CPRULES_API const char *cprules_diagnostic_message(size_t index);
CPRULES_API const char *cprules_diagnostic_file(size_t index);
CPRULES_API int cprules_diagnostic_line(size_t index);            /* 1-based; 0 when unknown */
CPRULES_API int cprules_diagnostic_column(size_t index);          /* 1-based; 0 when unknown */
CPRULES_API int cprules_diagnostic_is_error(size_t index);        /* 1 error, 0 warning */

/* ---- Evaluation -------------------------------------------------------- */

/* Evaluates one case (JSON text of `length` bytes, contract section 1; no NUL
   needed) as of the ISO date `as_of`. `as_of` "" or NULL means today: the C
   API then reads the system clock (today's date in England, whatever the
   host's time zone); pass a date for reproducible
   results. The result holds the contract section 2 JSON, on one line, byte
   for byte what `cprules check --format jsonl` prints for the case (less its
   newline, and less the "origin" that `check` adds to a case with input
   errors to name its file). 0 on success (also when the case has input errors: they are in
   the JSON), negative on error. A policy may be shared by many threads at once. */
CPRULES_API int cprules_check_json(const cprules_policy *policy, const char *case_json, size_t length,
                                   const char *as_of, cprules_result **out);

/* Evaluates a batch in one call: JSON Lines text, one case per line (blank
   lines are skipped). The result's JSON is JSON Lines too: one section 2
   object per case, in order, each followed by "\n" ("" for no cases). A case
   with input errors also carries "origin": "line N" (N counts from 1). A bad
   case never stops the batch. 0 on success, negative on error. */
CPRULES_API int cprules_check_jsonl(const cprules_policy *policy, const char *jsonl, size_t length,
                                    const char *as_of, cprules_result **out);

/* The result's JSON, NUL-terminated; valid until the result is freed ("" for NULL). */
CPRULES_API const char *cprules_result_json(const cprules_result *result);
/* Its length in bytes, without the NUL. */
CPRULES_API size_t cprules_result_json_length(const cprules_result *result);
/* How many cases the result holds (1 for cprules_check_json). */
CPRULES_API size_t cprules_result_case_count(const cprules_result *result);
/* How many of its cases had input errors (and so, if their facts did not load, no findings). */
CPRULES_API size_t cprules_result_cases_with_errors(const cprules_result *result);
/* How many findings, over all its cases, have the status CPRULES_STATUS_*; 0 for a bad status. */
CPRULES_API size_t cprules_result_count(const cprules_result *result, int status);

/* The findings of all the result's cases, in order, for hosts without a JSON
   parser: how many, and one field of one of them as text. `field` is a key of
   a finding in the JSON ("rule", "variant", "child", "subject", "report",
   "exclusion", "status", "due", "done", "days_late", "severity", "message"),
   "document", "section" or "quote" (of its "source"), or "case_id" (of its
   case). An absent field gives ""; a bad index or an unknown field name gives
   NULL. Strings are valid until the result is freed. */
CPRULES_API size_t cprules_result_finding_count(const cprules_result *result);
CPRULES_API const char *cprules_result_finding(const cprules_result *result, size_t index, const char *field);

CPRULES_API void cprules_result_free(cprules_result *result);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CPRULES_CPRULES_H */
