/* Compiled as strict C99 and as C++ by tests/package: the C header alone, and in use. */
#include <cprules/cprules.h>

int cprules_header_check(const char *json, size_t length);

int cprules_header_check(const char *json, size_t length) {
    cprules_policy *policy = NULL;
    cprules_result *result = NULL;
    int status = cprules_policy_load("york", &policy);
    if (status != CPRULES_OK) return status;
    status = cprules_check_json(policy, json, length, NULL, &result);
    if (status == CPRULES_OK && cprules_result_count(result, CPRULES_STATUS_OVERDUE) > 0) status = 1;
    cprules_result_free(result);
    cprules_policy_free(policy);
    return status;
}
