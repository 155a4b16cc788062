using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace CivicTrust.Node.Storage;

/// <summary>
/// DotNext's write-ahead log with what a member's log needs beyond it: a follower's append is durable before DotNext
/// answers it (<c>DurableWriteAheadLog.DurableAppend.cs</c>), and a snapshot installed beyond the log's end cannot
/// wedge the flusher (<c>DurableWriteAheadLog.SnapshotPadding.cs</c>).
/// </summary>
/// <remarks>
/// <see cref="RaftCluster{TMember}"/> calls its log only through <see cref="IPersistentState"/>. Re-implementing the
/// interfaces that declare the calls we change puts our code in DotNext's own path without copying any of it: a
/// re-implemented interface's other members map to DotNext's implementations, explicit ones included.
/// </remarks>
/// <param name="options">Where and how DotNext keeps the log.</param>
/// <param name="stateMachine">What committed entries are applied to.</param>
/// <param name="directories">Flushes the log's directories before an append is acknowledged.</param>
public sealed partial class DurableWriteAheadLog(WriteAheadLog.Options options, IStateMachine stateMachine, LogDirectorySync directories)
    : WriteAheadLog(options, stateMachine), IAuditTrail<IRaftLogEntry>, IAuditTrail
{
}
