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
# runs every sweep in full; here a tenth of Raft's, the shop's, Pub/Sub's and
# Event Sourcing's, a third of the ambassador's (from seed 1), and 50 seeds of
# CQRS's, Sharding's and Strangler Fig's still take every contract through
# crashes, partitions and recovery. The breaker's property test (2,000 seeds)
# is cheap enough to run in full.
clusterscope_default_env(RAFT_SWEEP_SEEDS 500)
clusterscope_default_env(CB_SWEEP_SEEDS 200)
clusterscope_default_env(AMB_SWEEP_SEEDS 100)
clusterscope_default_env(PUBSUB_SWEEP_SEEDS 100)
clusterscope_default_env(ES_SWEEP_SEEDS 100)
clusterscope_default_env(FIG_SWEEP_SEEDS 50)
clusterscope_default_env(SHARD_SWEEP_SEEDS 50)
clusterscope_default_env(CQRS_SWEEP_SEEDS 50)

# Each bundled scenario with 10 seeds besides its own (the Release suite: 40).
clusterscope_default_env(SCENARIO_OTHER_SEEDS 10)

# The Invariants dock's window test on three unsafe scenarios of the eight
# (the others run the busier patterns for tens of seconds before they break).
clusterscope_default_env(UNSAFE_WINDOW_SCENARIOS "leader-election-unsafe,es-unsafe,cqrs-unsafe")

# The canvas overlay tests on one scenario of each pattern (the Release
# suite: every bundled one).
clusterscope_default_env(OVERLAY_SCENARIOS
  "basic-election,breaker-trips,ambassador-hedging,pubsub-fan-out,es-snapshots,cqrs-many-reads,shard-add-a-shard,fig-one-route")

# The GUI monkey's seeded run: a fifth of the Release suite's 1,000 actions.
clusterscope_default_env(MONKEY_ACTIONS 200)
