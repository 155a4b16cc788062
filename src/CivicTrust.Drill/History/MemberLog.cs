using CivicTrust.Contracts;

namespace CivicTrust.Drill.History;

/// <summary>One member's logs as the drill read them at the end of a run: what its verdict was judged from.</summary>
/// <param name="NodeId">The member's id.</param>
/// <param name="ReadAtMs">When the drill began reading them (Unix ms).</param>
/// <param name="Log">Its applied log (<c>GET /log</c>): the entry that decided each hash.</param>
/// <param name="Raw">Its raw log (<c>GET /log?raw=true</c>): every entry, retries and refusals included.</param>
public sealed record MemberLog(string NodeId, long ReadAtMs, IReadOnlyList<LogEntryResponse> Log, RawLogResponse Raw);
