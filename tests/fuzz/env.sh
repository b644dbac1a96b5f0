# Sanitizer settings for the fuzzers and the sanitized tests (sourced by run.sh, scripts/fuzz and
# scripts/test): stop at the first finding with a symbolized stack; leaks count.
here_env=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1:check_initialization_order=1:strict_init_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here_env/lsan.supp:print_suppressions=0}"
