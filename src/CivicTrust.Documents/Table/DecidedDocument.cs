using System.Runtime.InteropServices;

namespace CivicTrust.Documents.Table;

/// <summary>
/// One row of the <see cref="DocumentTable"/>: the entry that decided a hash. 56 bytes and no references, so the
/// garbage collector never scans a chunk of them, however many millions there are.
/// </summary>
/// <param name="Key">The document's hash.</param>
/// <param name="Index">Log index of the deciding entry.</param>
/// <param name="Term">Term of the deciding entry.</param>
/// <param name="Position">The deciding command's place within its log entry.</param>
/// <param name="Issuer">The issuer's number in the <see cref="IssuerTable"/>, or <see cref="Aborted"/> for an abort.</param>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct DecidedDocument(DocumentKey Key, long Index, long Term, int Position, int Issuer)
{
    /// <summary>The issuer number of an abort, which names no issuer.</summary>
    public const int Aborted = -1;

    /// <summary>Whether the hash was decided by an abort (the fence) rather than issued.</summary>
    public bool IsAbort => Issuer == Aborted;

    /// <summary>The command kind that decided the hash.</summary>
    public DocumentCommandKind Kind => IsAbort ? DocumentCommandKind.Abort : DocumentCommandKind.Issue;
}
