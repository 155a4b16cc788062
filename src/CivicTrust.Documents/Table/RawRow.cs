using System.Runtime.InteropServices;

namespace CivicTrust.Documents.Table;

/// <summary>
/// One applied command of the raw log, without references: the raw log holds every command since the last snapshot
/// (hundreds of thousands under full load), and as objects with a hex string each it cost about 200 bytes apiece.
/// </summary>
/// <param name="Key">The command's hash.</param>
/// <param name="Index">Raft log index.</param>
/// <param name="Term">Raft term.</param>
/// <param name="Position">The command's place within its log entry.</param>
/// <param name="Kind">Issue or abort.</param>
/// <param name="Effect">What applying it did.</param>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct RawRow(DocumentKey Key, long Index, long Term, int Position, DocumentCommandKind Kind, EntryEffect Effect)
{
    /// <summary>The entry as the API shows it.</summary>
    public RawEntry ToEntry() => new(Index, Term, Kind, Key.ToString(), Effect, Position);
}
