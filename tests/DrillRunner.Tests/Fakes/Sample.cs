using CivicTrust.Contracts;
using CivicTrust.Drill.History;

namespace CivicTrust.DrillRunner.Tests.Fakes;

/// <summary>Hashes, a member and history lines for the checkers' tests: a checker's test says only what differs.</summary>
public static class Sample
{
    /// <summary>Three document hashes.</summary>
    public static readonly string A = new('a', 64), B = new('b', 64), C = new('c', 64);

    /// <summary>The member every request went to.</summary>
    public const string Node = "http://127.0.0.1:5101/";

    /// <summary>A request to <see cref="Node"/>, first attempt, answered (or given up) at <paramref name="end"/>.</summary>
    public static DrillOperation Op(string op, string hash, string outcome, int? status = null, string? state = null, long end = 5) =>
        new(op, Node, hash, 1, end - 5, end, outcome, status, state);

    /// <summary>A member's log holding <paramref name="entries"/> at indexes 1, 2, …, read at 100 ms.</summary>
    public static MemberLog Log(string node, params (string Hash, string Kind)[] entries) =>
        new(node, 100, [.. entries.Select((e, i) => new LogEntryResponse(i + 1, 1, e.Hash, e.Kind))], new RawLogResponse(1, []));
}
