// A bounded pool of workers with a bounded FIFO queue in front of them, the
// shape of every server on the read side and of the one-model database: a
// job that finds a free worker starts at once, one that finds them all busy
// waits, one that finds the queue full is turned away. The pool only keeps
// the books; its node arms a timer per started job (tag = the worker's
// index) and calls finish() when it fires. A plain value owned by one node;
// kernel thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

namespace cs::cqrs {

template <class Job>
class WorkerPool {
 public:
  enum class Admit { Started, Queued, Rejected };

  WorkerPool(int workers, int queueCapacity) { resize(workers, queueCapacity); }

  // Changes the pool's size; jobs in hand stay where they are.
  void resize(int workers, int queueCapacity) {
    if (static_cast<std::size_t>(workers) > running_.size())
      running_.resize(static_cast<std::size_t>(workers));
    workers_ = static_cast<std::size_t>(workers);
    capacity_ = static_cast<std::size_t>(queueCapacity);
  }

  // Started: *worker says which one now holds the job.
  Admit admit(Job job, std::size_t* worker) {
    for (std::size_t w = 0; w < workers_; ++w)
      if (!running_[w]) {
        running_[w] = std::move(job);
        *worker = w;
        ++busy_;
        return Admit::Started;
      }
    if (queue_.size() >= capacity_) return Admit::Rejected;
    queue_.push_back(std::move(job));
    return Admit::Queued;
  }

  // Worker `w` is done: returns its job and, if one waits, starts it on `w`.
  // REQUIRES: worker w holds a job.
  Job finish(std::size_t w, bool* startedNext) {
    Job done = std::move(*running_[w]);
    running_[w].reset();
    --busy_;
    *startedNext = false;
    if (w < workers_ && !queue_.empty()) {
      running_[w] = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      *startedNext = true;
    }
    return done;
  }

  bool holds(std::size_t w) const { return w < running_.size() && running_[w].has_value(); }
  const Job& job(std::size_t w) const { return *running_[w]; }
  void clear() {
    for (auto& r : running_) r.reset();
    queue_.clear();
    busy_ = 0;
  }

  int workers() const { return static_cast<int>(workers_); }
  int busy() const { return busy_; }
  std::size_t queued() const { return queue_.size(); }
  std::size_t capacity() const { return capacity_; }

 private:
  std::vector<std::optional<Job>> running_;
  std::deque<Job> queue_;
  std::size_t workers_ = 0, capacity_ = 0;
  int busy_ = 0;
};

}  // namespace cs::cqrs
