/* What is due next, and what is late or overdue, for one case: the C API (C99).
 * Usage: next_due [--json] CASE.json [POLICY [AS_OF]]   (defaults: york, 2025-03-01) */
#include <cprules/cprules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t size = 0, n;
    char chunk[4096];
    if (!f) return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        char *bigger = realloc(text, size + n + 1);
        if (!bigger) { free(text); fclose(f); return NULL; }
        text = bigger;
        memcpy(text + size, chunk, n);
        size += n;
    }
    fclose(f);
    if (!text) text = calloc(1, 1);
    *length = size;
    return text;
}

static const char *field(const cprules_result *r, size_t i, const char *name) {
    return cprules_result_finding(r, i, name);
}

/* "rule[/variant] (child A, subject)" */
static void print_label(const cprules_result *r, size_t i) {
    const char *variant = field(r, i, "variant"), *child = field(r, i, "child"), *subject = field(r, i, "subject");
    printf("%s%s%s", field(r, i, "rule"), *variant ? "/" : "", variant);
    if (*child || *subject)
        printf(" (%s%s%s%s)", *child ? "child " : "", child, *child && *subject ? ", " : "", subject);
}

/* The indexes of findings with status `a` or `b` and a due date, by due date (ties keep their order). */
static size_t by_due(const cprules_result *r, const char *a, const char *b, size_t *out) {
    size_t n = 0, i, j;
    for (i = 0; i < cprules_result_finding_count(r); ++i) {
        const char *status = field(r, i, "status");
        if (*field(r, i, "due") && (strcmp(status, a) == 0 || strcmp(status, b) == 0)) out[n++] = i;
    }
    for (i = 1; i < n; ++i) /* insertion sort: stable */
        for (j = i; j > 0 && strcmp(field(r, out[j - 1], "due"), field(r, out[j], "due")) > 0; --j) {
            size_t t = out[j]; out[j] = out[j - 1]; out[j - 1] = t;
        }
    return n;
}

int main(int argc, char **argv) {
    int json = argc > 1 && strcmp(argv[1], "--json") == 0, status = 0;
    const char *path, *policy_name, *as_of;
    cprules_policy *policy = NULL;
    cprules_result *result = NULL;
    size_t length = 0, n, i, *order;
    char *text;

    argv += json; argc -= json;
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: next_due [--json] CASE.json [POLICY [AS_OF]]\n");
        return 2;
    }
    path = argv[1];
    policy_name = argc > 2 ? argv[2] : "york";
    as_of = argc > 3 ? argv[3] : "2025-03-01";
    if (!(text = read_file(path, &length))) {
        fprintf(stderr, "next_due: cannot read %s\n", path);
        return 2;
    }
    if (cprules_policy_load(policy_name, &policy) != CPRULES_OK ||
        cprules_check_json(policy, text, length, as_of, &result) != CPRULES_OK) {
        fprintf(stderr, "next_due: %s\n", cprules_last_error());
        cprules_policy_free(policy);
        free(text);
        return 2;
    }
    free(text);

    if (json) {
        printf("%s\n", cprules_result_json(result));
    } else {
        printf("%s as of %s (%s %s)\n", cprules_result_finding_count(result) ? field(result, 0, "case_id") : "", as_of,
               cprules_policy_id(policy), cprules_policy_version(policy));
        order = malloc((cprules_result_finding_count(result) + 1) * sizeof *order);
        if (!order) { status = 2; goto done; }
        n = by_due(result, "pending", "pending", order);
        printf("Due next:%s\n", n ? "" : " nothing");
        for (i = 0; i < n; ++i) {
            printf("  %s ", field(result, order[i], "due"));
            print_label(result, order[i]);
            printf("\n");
        }
        n = by_due(result, "late", "overdue", order);
        printf("Late or overdue:%s\n", n ? "" : " nothing");
        for (i = 0; i < n; ++i) {
            const char *days = field(result, order[i], "days_late");
            printf("  %s ", field(result, order[i], "due"));
            print_label(result, order[i]);
            if (strcmp(field(result, order[i], "status"), "overdue") == 0) printf(": overdue\n");
            else printf(": late by %s %s\n", days, strcmp(days, "1") == 0 ? "day" : "days");
        }
        free(order);
        status = cprules_result_cases_with_errors(result) ? 1 : 0;
    }
done:
    cprules_result_free(result);
    cprules_policy_free(policy);
    return status;
}
