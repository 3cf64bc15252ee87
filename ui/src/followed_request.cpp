// Collecting a followed request's records. See followed_request.h.
#include "followed_request.h"

#include <algorithm>

namespace cs::ui {

FollowKey FollowedRequest::keyFor(const Mirror& mirror, MessageId msg) {
  if (msg == 0) return {};
  std::vector<TraceRecord> records;
  records.reserve(mirror.records.size());
  for (const DriverRecord& d : mirror.records) records.push_back(d.record);
  FollowKey key = followKeyFor(msg, records);
  if (key.empty())
    if (const auto* f = mirror.message(msg); f && f->message.request != 0)
      key.request = f->message.request;
  return key;
}

std::optional<bool> FollowedRequest::followable(const Mirror& mirror, MessageId msg) {
  if (msg == 0) return std::nullopt;
  for (auto it = mirror.records.rbegin(); it != mirror.records.rend(); ++it)
    if (it->record.msg == msg && it->record.kind == TraceKind::Sent) return it->record.request != 0;
  if (const auto* f = mirror.message(msg); f && f->message.request != 0) return true;
  return std::nullopt;
}

void FollowedRequest::start(FollowKey key, const Mirror& mirror) {
  key_ = std::move(key);
  records_.clear();
  restartFilter(mirror);
  for (const DriverRecord& d : mirror.records) feed(d.record);
  path_ = requestPath(records_, key_, vocabulary_.get());
}

void FollowedRequest::clear() {
  key_ = {};
  filter_.reset();
  records_.clear();
  path_ = {};
  vocabulary_.reset();
}

void FollowedRequest::take(const Mirror& mirror, int added) {
  if (!filter_ || added <= 0) return;
  const auto n = static_cast<std::ptrdiff_t>(mirror.records.size());
  bool any = false;
  for (auto it = mirror.records.begin() + std::max<std::ptrdiff_t>(0, n - added);
       it != mirror.records.end(); ++it)
    any = feed(it->record) || any;
  if (any) path_ = requestPath(records_, key_, vocabulary_.get());
}

void FollowedRequest::rebuilt(const Mirror& mirror) {
  if (!filter_) return;
  const std::uint64_t firstNew =
      mirror.records.empty() ? UINT64_MAX : mirror.records.front().record.seq;
  std::vector<TraceRecord> kept;
  for (const TraceRecord& r : records_)
    if (r.seq < firstNew && r.at <= mirror.status.now) kept.push_back(r);
  records_.clear();
  restartFilter(mirror);
  for (const TraceRecord& r : kept) feed(r);
  for (const DriverRecord& d : mirror.records) feed(d.record);
  path_ = requestPath(records_, key_, vocabulary_.get());
}

bool FollowedRequest::visited(NodeId node) const {
  return std::find(path_.nodes.begin(), path_.nodes.end(), node) != path_.nodes.end();
}

void FollowedRequest::restartFilter(const Mirror& mirror) {
  vocabulary_ = mirror.vocabulary;
  filter_.emplace(key_, vocabulary_.get());
}

bool FollowedRequest::feed(const TraceRecord& r) {
  if (!filter_->add(r)) return false;
  records_.push_back(r);
  return true;
}

}  // namespace cs::ui
