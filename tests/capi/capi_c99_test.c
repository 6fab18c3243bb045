/* medbudget.h from strict C99: presets, a settlement, an input error and a usage error, each freed
 * with mb_free. Exits non-zero on the first thing that differs. Run from the source directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "medbudget/medbudget.h"

static int failures = 0;

static void check(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "capi_c99: %s\n", what);
    ++failures;
  }
}

static char* slurp(const char* path) {
  FILE* f = fopen(path, "rb");
  char* buf = NULL;
  long n = 0;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
      buf[n] = '\0';
    } else {
      free(buf);
      buf = NULL;
    }
  }
  fclose(f);
  return buf;
}

int main(void) {
  mb_result* r = NULL;
  mb_error* e = NULL;
  char* hunan = slurp("examples/cases/hunan-two-alliances.case.json");
  check(hunan != NULL, "cannot read examples/cases/hunan-two-alliances.case.json");
  if (hunan == NULL) return 1;

  check(mb_presets(NULL, &r, &e) == MB_OK && e == NULL, "mb_presets failed");
  check(r != NULL && strstr(r->output, "\"sanming\"") != NULL, "presets lack sanming");
  mb_free(r);

  /* hunan-two-alliances.expected.json (spec, revision 3): the regional budget is Z, 530,000,000.00 yuan. */
  check(mb_settle(hunan, "{\"threads\": 1}", &r, &e) == MB_OK, "mb_settle failed");
  check(r != NULL && strstr(r->output, "\"regional_budget\": \"530000000.00\"") != NULL, "regional budget differs");
  check(r != NULL && r->size == strlen(r->output), "size differs from the text's length");
  mb_free(r);

  check(mb_settle(hunan, "{\"format\": \"text\"}", &r, &e) == MB_OK, "mb_settle text failed");
  check(r != NULL && strstr(r->output, "医共体应返还 41,160,833.33 元") != NULL, "text statement differs");
  mb_free(r);

  check(mb_settle("{\"policy\": \"harbin\"}", NULL, &r, &e) == MB_INPUT, "an incomplete case is not an input error");
  check(r == NULL && e != NULL && e->code == MB_INPUT && strcmp(e->code_name, "input") == 0, "input error object");
  check(e != NULL && strcmp(e->where, "year") == 0, "the input error does not name year");
  mb_free(e);

  check(mb_settle(hunan, "{\"lang\": \"fr\"}", &r, &e) == MB_USAGE, "a bad language is not a usage error");
  check(e != NULL && strcmp(e->where, "lang") == 0 && strcmp(e->message, "lang takes zh or en, not fr") == 0,
        "usage error object");
  mb_free(e);

  free(hunan);
  return failures == 0 ? 0 : 1;
}
