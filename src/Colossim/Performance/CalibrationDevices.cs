using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Performance;

/// <summary>
/// Matches the device name a measurement file records (<c>"NVIDIA H200"</c>, from <c>torch.cuda.get_device_name</c>)
/// to catalog GPUs. The one place that does: <c>validate</c> finds the GPU of a file this way and <c>calibrate import</c>
/// checks that a file was measured on the GPU it is imported for.
/// </summary>
public static class CalibrationDevices
{
    /// <summary>
    /// The catalog GPUs <paramref name="deviceName"/> may stand for: those whose name starts with it
    /// (<c>NVIDIA H200</c> matches <c>NVIDIA H200 SXM</c>), else those whose id starts with its model token and a dash
    /// (<c>NVIDIA H100 80GB HBM3</c> matches <c>h100-sxm</c>). Empty when none does; sorted by id.
    /// </summary>
    public static IReadOnlyList<GpuSpec> Candidates(string deviceName, ColossimCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(deviceName);
        ArgumentNullException.ThrowIfNull(catalog);
        var matches = catalog.Gpus.Values.Where(g => deviceName.Trim().Length > 0 && g.Name.StartsWith(deviceName.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            var token = deviceName.Replace("NVIDIA", "", StringComparison.OrdinalIgnoreCase).Trim().Split(' ')[0].ToLowerInvariant();
            matches = [.. catalog.Gpus.Values.Where(g => token.Length > 0 && g.Id.StartsWith(token + "-", StringComparison.OrdinalIgnoreCase))];
        }

        return matches;
    }

    /// <summary>The one catalog GPU <paramref name="deviceName"/> stands for, or <see langword="null"/> when none or several match.</summary>
    public static GpuSpec? Match(string deviceName, ColossimCatalog catalog)
        => Candidates(deviceName, catalog) is [var only] ? only : null;

    /// <summary>The first <c>device</c> record of <paramref name="records"/> that names a device, or <see langword="null"/>.</summary>
    public static (MeasurementRecord Record, string Name)? DeviceRecord(IEnumerable<MeasurementRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            if (record.Kind == "device" && record.Fields["name"] is DocScalar { IsNull: false } name)
            {
                return (record, name.Value);
            }
        }

        return null;
    }

    /// <summary>
    /// The GPU measured in <paramref name="records"/>: the first device record that matches one catalog GPU, else
    /// <paramref name="gpuOption"/> resolved in the catalog (problems at <c>--gpu</c>). Records an error saying how to
    /// name the GPU when neither gives one.
    /// </summary>
    public static GpuSpec? Resolve(IReadOnlyList<MeasurementRecord> records, string? gpuOption, ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var record in records)
        {
            if (record.Kind == "device" && record.Fields["name"] is DocScalar { IsNull: false } name && Match(name.Value, catalog) is { } fromDevice)
            {
                return fromDevice;
            }
        }

        if (gpuOption is not null)
        {
            return catalog.ResolveGpu(gpuOption, problems, "--gpu");
        }

        var device = records.FirstOrDefault(r => r.Kind == "device");
        problems.Error("--gpu", device is null
            ? "the file has no device record; name the GPU with --gpu (for example --gpu h200-sxm)"
            : $"the device record (line {device.Line}) names a GPU the catalog does not know; name it with --gpu");
        return null;
    }
}
