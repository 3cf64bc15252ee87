// The request the user follows (see clusterscope/request_path.h): its key,
// every record of it that has arrived, and its hops. It keeps the request's
// own records apart from the mirror's rolling 5,000, so a long request keeps
// its first hops however busy the run is, and it takes each batch's new
// records as they come, so hops that happen later are followed too. A plain
// value owned by the Session; UI thread only.
#pragma once

#include <clusterscope/request_path.h>

#include <memory>
#include <optional>
#include <vector>

#include "mirror.h"

namespace cs::ui {

class FollowedRequest {
 public:
  bool active() const { return filter_.has_value(); }
  const FollowKey& key() const { return key_; }
  // The key to follow message `msg` by, from the records the mirror holds
  // (or, for a message in flight whose Sent record is gone, its request id).
  static FollowKey keyFor(const Mirror& mirror, MessageId msg);
  // Cheaply, whether keyFor(mirror, msg) would find a key; then whether
  // it is by a request id (true) or a causal chain (false).
  static std::optional<bool> followable(const Mirror& mirror, MessageId msg);

  // Starts following `key`, reading what the mirror already holds.
  void start(FollowKey key, const Mirror& mirror);
  void clear();
  // Takes the newest `added` records of the mirror.
  void take(const Mirror& mirror, int added);
  // The run was rebuilt (a seek, a step begun again) from the same seed on
  // the same branch, so its records up to the new moment are the ones held:
  // keeps those older than the mirror's first record and takes the rest.
  void rebuilt(const Mirror& mirror);

  bool contains(MessageId msg) const { return filter_ && filter_->contains(msg); }
  bool visited(NodeId node) const;
  const RequestPath& path() const { return path_; }

 private:
  void restartFilter(const Mirror& mirror);
  bool feed(const TraceRecord& r);

  FollowKey key_;
  std::shared_ptr<const Vocabulary> vocabulary_;  // the filter reads it
  std::optional<RequestFilter> filter_;
  std::vector<TraceRecord> records_;  // the request's own, oldest first
  RequestPath path_;
};

}  // namespace cs::ui
