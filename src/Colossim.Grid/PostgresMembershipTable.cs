using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;

namespace Colossim.Grid;

/// <summary>The connection string of the PostgreSQL database a grid's silos meet in.</summary>
/// <param name="ConnectionString">An Npgsql connection string, with timeouts (see <see cref="GridDatabase.Parse"/>).</param>
public sealed record GridClusterDatabase(string ConnectionString);

/// <summary>
/// Orleans' membership table and gateway list over PostgreSQL (Npgsql), in the tables
/// <see cref="GridDatabase.Schema"/> creates. Orleans runs the membership protocol (who is alive, who is dead, votes);
/// this class only stores its rows with the contract's optimistic concurrency: every write takes the cluster's version
/// row <c>FOR UPDATE</c>, checks the version etag (and the row's etag for an update) and bumps them in one transaction,
/// so two silos never both win a conflicting write. PostgreSQL rather than Orleans' own ADO.NET provider, whose setup
/// scripts are not shipped in its NuGet package; SQLite is not used because its locks do not hold over network file systems.
/// </summary>
public sealed class PostgresMembershipTable(GridClusterDatabase database, IOptions<ClusterOptions> cluster) : IMembershipTable, IGatewayListProvider
{
    private readonly string _clusterId = cluster.Value.ClusterId;

    /// <inheritdoc />
    public TimeSpan MaxStaleness => TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        if (!tryInitTableVersion)
        {
            return;
        }

        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = Command(connection, null, $"INSERT INTO {GridDatabase.VersionTable} (cluster_id, version, etag) VALUES (@c, 0, 0) ON CONFLICT (cluster_id) DO NOTHING");
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DELETE FROM {GridDatabase.VersionTable} WHERE cluster_id = @c", connection);
        command.Parameters.AddWithValue("c", clusterId);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = Command(connection, null, $"DELETE FROM {GridDatabase.MembersTable} WHERE cluster_id = @c AND status = @dead AND iamalive_time < @before");
        command.Parameters.AddWithValue("dead", (int)SiloStatus.Dead);
        command.Parameters.AddWithValue("before", beforeDate.UtcDateTime);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await ReadAsync(key).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    /// <inheritdoc />
    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        if (!await TakeVersionAsync(connection, transaction, tableVersion).ConfigureAwait(false))
        {
            return false;
        }

        await using var insert = Command(connection, transaction, $"""
            INSERT INTO {GridDatabase.MembersTable} (cluster_id, silo, status, proxy_port, host_name, silo_name, role_name, update_zone, fault_zone, suspect_times, start_time, iamalive_time, etag)
            VALUES (@c, @silo, @status, @proxy, @host, @name, @role, @uz, @fz, @suspects, @start, @alive, 0)
            ON CONFLICT (cluster_id, silo) DO NOTHING
            """);
        AddEntry(insert, entry);
        if (await insert.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
        {
            return false;
        }

        await BumpVersionAsync(connection, transaction, tableVersion).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var rowEtag))
        {
            return false;
        }

        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        if (!await TakeVersionAsync(connection, transaction, tableVersion).ConfigureAwait(false))
        {
            return false;
        }

        await using var update = Command(connection, transaction, $"""
            UPDATE {GridDatabase.MembersTable} SET status = @status, proxy_port = @proxy, host_name = @host, silo_name = @name, role_name = @role,
                update_zone = @uz, fault_zone = @fz, suspect_times = @suspects, start_time = @start, iamalive_time = @alive, etag = etag + 1
            WHERE cluster_id = @c AND silo = @silo AND etag = @etag
            """);
        AddEntry(update, entry);
        update.Parameters.AddWithValue("etag", rowEtag);
        if (await update.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
        {
            return false;
        }

        await BumpVersionAsync(connection, transaction, tableVersion).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = Command(connection, null, $"UPDATE {GridDatabase.MembersTable} SET iamalive_time = @alive WHERE cluster_id = @c AND silo = @silo");
        command.Parameters.AddWithValue("alive", entry.IAmAliveTime.ToUniversalTime());
        command.Parameters.AddWithValue("silo", entry.SiloAddress.ToParsableString());
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<IList<Uri>> GetGateways()
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT silo, proxy_port FROM {GridDatabase.MembersTable} WHERE cluster_id = @c AND status = @active AND proxy_port > 0");
        command.Parameters.AddWithValue("active", (int)SiloStatus.Active);
        var gateways = new List<Uri>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var silo = SiloAddress.FromParsableString(reader.GetString(0));
            gateways.Add(SiloAddress.New(silo.Endpoint.Address, reader.GetInt32(1), silo.Generation).ToGatewayUri());
        }

        return gateways;
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? key)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead).ConfigureAwait(false);
        await using var version = Command(connection, transaction, $"SELECT version, etag FROM {GridDatabase.VersionTable} WHERE cluster_id = @c");
        TableVersion tableVersion;
        await using (var reader = await version.ExecuteReaderAsync().ConfigureAwait(false))
        {
            tableVersion = await reader.ReadAsync().ConfigureAwait(false)
                ? new TableVersion(reader.GetInt32(0), reader.GetInt32(1).ToString(CultureInfo.InvariantCulture))
                : new TableVersion(0, "0");
        }

        await using var rows = Command(connection, transaction, $"""
            SELECT silo, status, proxy_port, host_name, silo_name, role_name, update_zone, fault_zone, suspect_times, start_time, iamalive_time, etag
            FROM {GridDatabase.MembersTable} WHERE cluster_id = @c{(key is null ? "" : " AND silo = @silo")}
            """);
        if (key is not null)
        {
            rows.Parameters.AddWithValue("silo", key.ToParsableString());
        }

        var members = new List<Tuple<MembershipEntry, string>>();
        await using (var reader = await rows.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var entry = new MembershipEntry
                {
                    SiloAddress = SiloAddress.FromParsableString(reader.GetString(0)),
                    Status = (SiloStatus)reader.GetInt32(1),
                    ProxyPort = reader.GetInt32(2),
                    HostName = reader.GetString(3),
                    SiloName = reader.GetString(4),
                    RoleName = reader.IsDBNull(5) ? null : reader.GetString(5),
                    UpdateZone = reader.GetInt32(6),
                    FaultZone = reader.GetInt32(7),
                    SuspectTimes = ReadSuspects(reader.GetString(8)),
                    StartTime = DateTime.SpecifyKind(reader.GetDateTime(9), DateTimeKind.Utc),
                    IAmAliveTime = DateTime.SpecifyKind(reader.GetDateTime(10), DateTimeKind.Utc),
                };
                members.Add(Tuple.Create(entry, reader.GetInt32(11).ToString(CultureInfo.InvariantCulture)));
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return new MembershipTableData(members, tableVersion);
    }

    // Locks the cluster's version row and checks that the writer saw the latest version (its etag).
    private async Task<bool> TakeVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion tableVersion)
    {
        await using var command = Command(connection, transaction, $"SELECT etag FROM {GridDatabase.VersionTable} WHERE cluster_id = @c FOR UPDATE");
        var etag = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return etag is int current && current.ToString(CultureInfo.InvariantCulture) == tableVersion.VersionEtag;
    }

    private async Task BumpVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion tableVersion)
    {
        await using var command = Command(connection, transaction, $"UPDATE {GridDatabase.VersionTable} SET version = @v, etag = etag + 1, changed_utc = now() WHERE cluster_id = @c");
        command.Parameters.AddWithValue("v", tableVersion.Version);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static void AddEntry(NpgsqlCommand command, MembershipEntry entry)
    {
        command.Parameters.AddWithValue("silo", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("status", (int)entry.Status);
        command.Parameters.AddWithValue("proxy", entry.ProxyPort);
        command.Parameters.AddWithValue("host", entry.HostName ?? "");
        command.Parameters.AddWithValue("name", entry.SiloName ?? "");
        command.Parameters.AddWithValue("role", (object?)entry.RoleName ?? DBNull.Value);
        command.Parameters.AddWithValue("uz", entry.UpdateZone);
        command.Parameters.AddWithValue("fz", entry.FaultZone);
        command.Parameters.AddWithValue("suspects", WriteSuspects(entry.SuspectTimes));
        command.Parameters.AddWithValue("start", entry.StartTime.ToUniversalTime());
        command.Parameters.AddWithValue("alive", entry.IAmAliveTime.ToUniversalTime());
    }

    // Suspicions as lines "silo|ticks (UTC)".
    private static string WriteSuspects(List<Tuple<SiloAddress, DateTime>>? suspects)
    {
        var text = new StringBuilder();
        foreach (var (silo, time) in suspects ?? [])
        {
            text.Append(silo.ToParsableString()).Append('|').Append(time.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private static List<Tuple<SiloAddress, DateTime>> ReadSuspects(string text)
    {
        var suspects = new List<Tuple<SiloAddress, DateTime>>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var bar = line.LastIndexOf('|');
            suspects.Add(Tuple.Create(SiloAddress.FromParsableString(line[..bar]), new DateTime(long.Parse(line[(bar + 1)..], CultureInfo.InvariantCulture), DateTimeKind.Utc)));
        }

        return suspects;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("c", _clusterId);
        return command;
    }
}
