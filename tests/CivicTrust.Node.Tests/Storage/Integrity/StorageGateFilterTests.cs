using CivicTrust.Node.Storage.Integrity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicTrust.Node.Tests.Storage.Integrity;

/// <summary>A member whose storage is not intact answers no document or log read out of it.</summary>
public sealed class StorageGateFilterTests
{
    private readonly StorageIntegrity _integrity = new(NullLogger<StorageIntegrity>.Instance, TimeProvider.System);

    private async Task<(int Status, bool Served)> ReadAsync()
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        var served = false;
        var answer = await new StorageGateFilter(_integrity).InvokeAsync(
            EndpointFilterInvocationContext.Create(context),
            _ =>
            {
                served = true;
                return ValueTask.FromResult<object?>(Results.Ok("the document"));
            });
        await ((IResult)answer!).ExecuteAsync(context);
        return (context.Response.StatusCode, served);
    }

    [Fact]
    public async Task An_intact_member_serves()
    {
        Assert.Equal((200, true), await ReadAsync());
    }

    [Fact]
    public async Task A_damaged_member_serves_nothing()
    {
        _integrity.Report(StorageDamage.LogArea, "wal entry 3", 3, "checksum mismatch");

        Assert.Equal((503, false), await ReadAsync());
    }

    [Fact]
    public async Task A_repairing_member_serves_nothing_until_the_repair_ends()
    {
        _integrity.BeginRepair(new RepairPlan(new StorageDamage(StorageDamage.LogArea, "wal entry 3", 3, "x", DateTimeOffset.UnixEpoch), 10, "q", Moved: true));
        Assert.Equal((503, false), await ReadAsync());

        _integrity.EndRepair();
        Assert.Equal((200, true), await ReadAsync());
    }
}
