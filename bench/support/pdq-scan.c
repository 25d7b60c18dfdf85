/*
 * Brute-force PDQ matching for bench/match.ts: every needle against every haystack
 * hash, one thread. Prints what `openhotline match` prints, in the same order (needle
 * by needle, nearest first, then by line), and on stderr the milliseconds spent
 * reading the files and scanning.
 *
 *   cc -O3 -march=native -o pdq-scan pdq-scan.c
 *   pdq-scan HAYSTACK NEEDLES MAX_DISTANCE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  uint64_t words[4];
} hash_t;

typedef struct {
  uint32_t line;
  uint32_t distance;
} match_t;

static double now_ms(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return time.tv_sec * 1e3 + time.tv_nsec / 1e6;
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* One hash of 64 hex digits per line (the files the benchmark writes). */
static hash_t *read_hashes(const char *path, size_t *count) {
  FILE *file = fopen(path, "r");
  if (file == NULL) {
    perror(path);
    exit(2);
  }
  size_t capacity = 1024;
  size_t n = 0;
  hash_t *hashes = malloc(capacity * sizeof *hashes);
  char line[256];
  while (fgets(line, sizeof line, file) != NULL) {
    if (n == capacity) hashes = realloc(hashes, (capacity *= 2) * sizeof *hashes);
    for (int word = 0; word < 4; word++) {
      uint64_t value = 0;
      for (int digit = 0; digit < 16; digit++) {
        int nibble = hex_value((unsigned char)line[word * 16 + digit]);
        if (nibble < 0) {
          fprintf(stderr, "%s line %zu: not a PDQ hash\n", path, n + 1);
          exit(2);
        }
        value = value << 4 | (uint64_t)nibble;
      }
      hashes[n].words[word] = value;
    }
    n++;
  }
  fclose(file);
  *count = n;
  return hashes;
}

static int nearest_first(const void *a, const void *b) {
  const match_t *x = a;
  const match_t *y = b;
  if (x->distance != y->distance) return x->distance < y->distance ? -1 : 1;
  return (x->line > y->line) - (x->line < y->line);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s HAYSTACK NEEDLES MAX_DISTANCE\n", argv[0]);
    return 2;
  }
  double start = now_ms();
  size_t haystack_count;
  size_t needle_count;
  hash_t *haystack = read_hashes(argv[1], &haystack_count);
  hash_t *needles = read_hashes(argv[2], &needle_count);
  uint32_t max_distance = (uint32_t)atoi(argv[3]);
  double read = now_ms();
  size_t capacity = 1024;
  match_t *matches = malloc(capacity * sizeof *matches);
  for (size_t i = 0; i < needle_count; i++) {
    const hash_t needle = needles[i];
    size_t found = 0;
    for (size_t j = 0; j < haystack_count; j++) {
      const uint64_t *words = haystack[j].words;
      uint32_t distance = (uint32_t)(__builtin_popcountll(words[0] ^ needle.words[0]) +
                                     __builtin_popcountll(words[1] ^ needle.words[1]) +
                                     __builtin_popcountll(words[2] ^ needle.words[2]) +
                                     __builtin_popcountll(words[3] ^ needle.words[3]));
      if (distance <= max_distance) {
        if (found == capacity) matches = realloc(matches, (capacity *= 2) * sizeof *matches);
        matches[found++] = (match_t){(uint32_t)j, distance};
      }
    }
    qsort(matches, found, sizeof *matches, nearest_first);
    for (size_t k = 0; k < found; k++) {
      printf("{\"needle\": %zu, \"match\": %u, \"distance\": %u}\n", i, matches[k].line, matches[k].distance);
    }
  }
  fflush(stdout);
  fprintf(stderr, "read_ms %.1f scan_ms %.1f\n", read - start, now_ms() - read);
  return 0;
}
