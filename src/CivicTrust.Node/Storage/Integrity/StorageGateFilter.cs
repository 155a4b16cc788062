using CivicTrust.Node.Api;

namespace CivicTrust.Node.Storage.Integrity;

/// <summary>
/// Keeps the document and log endpoints of a member whose storage is not intact from answering out of it: a damaged
/// member's state may be missing documents or hold ones its disk invented, and a repairing one's is still incomplete.
/// </summary>
public sealed class StorageGateFilter(StorageIntegrity integrity) : IEndpointFilter
{
    /// <inheritdoc/>
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        integrity.State switch
        {
            StorageState.Intact => next(context),
            StorageState.Damaged => ValueTask.FromResult<object?>(Problems.StorageUnavailable(
                $"This member found damage in its storage ({integrity.Damage}) and serves nothing until it is repaired; ask another member.")),
            _ => ValueTask.FromResult<object?>(Problems.StorageUnavailable(
                $"This member is fetching its log from its peers after {integrity.Repair?.Damage} ({RepairPlanText.Progress(integrity.Repair)}); ask another member.")),
        };
}
