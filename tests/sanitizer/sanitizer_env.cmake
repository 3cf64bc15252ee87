# Read by ctest in the sanitized tree (CLUSTERSCOPE_SANITIZE) before any test
# starts: what it sets here, every test process inherits. A variable already
# set in the caller's environment wins, so one seed or a full sweep can still
# be asked for by hand.

function(clusterscope_default_env name value)
  if(NOT DEFINED ENV{${name}})
    set(ENV{${name}} "${value}")
  endif()
endfunction()

# A report names the file and line; with the stack a finding is readable
# from the ctest log alone.
clusterscope_default_env(UBSAN_OPTIONS "print_stacktrace=1")
clusterscope_default_env(LSAN_OPTIONS
  "suppressions=${CMAKE_CURRENT_LIST_DIR}/lsan.supp:print_suppressions=0")

# The seed sweeps run about ten times slower instrumented. The Release suite
# runs every sweep in full; here a share of each, from seed 1, is enough to run
# every contract on every path the faults reach.
clusterscope_default_env(RAFT_SWEEP_SEEDS 500)
clusterscope_default_env(CB_SWEEP_SEEDS 200)
clusterscope_default_env(AMB_SWEEP_SEEDS 100)
clusterscope_default_env(PUBSUB_SWEEP_SEEDS 100)
