// The latency breakdown of a followed request, hop by hop, as the inspector
// shows it: who sent what to whom, when it was sent and delivered, its time
// on the wire and at the receiver, and how it ended; then the total. Reads
// a RequestPath (clusterscope/request_path.h); UI thread only.
#pragma once

#include <QString>

#include <vector>

#include "../mirror.h"

namespace cs {
struct RequestPath;
}

namespace cs::ui {

class FollowedRequest;

struct HopRow {
  QString from, to, kind;
  // Sent and delivered in milliseconds after the request's first send
  // ("+2.9"), so the chain reads down the column; the title gives that
  // first send's time.
  QString sent;
  QString delivered;   // "—" unless delivered
  QString network;     // milliseconds: "1.1"; "" while in flight
  QString atReceiver;  // milliseconds: "4.2"; "" when the receiver sent nothing more
  QString outcome;     // "ok", "error", "timed out after 300.0 ms", "dropped: loss", "in flight"
  bool bad = false;    // a failure, a drop or a timeout
};

std::vector<HopRow> hopRows(const Mirror& mirror, const RequestPath& path);

// One line: "Request 17 of checkout-client", "RequestVote of node 2 and its answers".
QString followedTitle(const Mirror& mirror, const FollowedRequest& followed);
// The total: "end to end 312.4 ms (answered)", "412.0 ms so far, still in flight".
QString followedTotal(const FollowedRequest& followed);

// The inspector's section: title, the hop table and the total, with a
// "Stop following" link (href "cs:stop-following").
QString followedHtml(const Mirror& mirror, const FollowedRequest& followed);

}  // namespace cs::ui
