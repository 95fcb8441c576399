using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Performance;

/// <summary>What <see cref="CalibrationValidation.Run"/> validates: a measurement file, the GPU, and the user's calibration.</summary>
public sealed record CalibrationValidationRequest
{
    /// <summary>The measurement file: JSON Lines in the calibration format, or a Vidur per-layer <c>.csv</c>.</summary>
    public required string Measurements { get; init; }

    /// <summary>The GPU (catalog id or YAML file) when the file has no device record the catalog knows; else ignored.</summary>
    public string? Gpu { get; init; }

    /// <summary>The user's calibration (a folder of per-GPU sets or one file) as named by the user; <see langword="null"/> for <see cref="CalibrationDirectory"/>.</summary>
    public string? Calibration { get; init; }

    /// <summary>The default folder of user calibration sets (<see cref="CalibrationStore.DefaultDirectory"/>).</summary>
    public required string CalibrationDirectory { get; init; }
}

/// <summary>
/// <c>colossim validate</c>'s computation: read a measurement file, find its GPU (device record, else the request's),
/// build the kernel model with the built-in and user calibration, and predict every record.
/// </summary>
public static class CalibrationValidation
{
    /// <summary>
    /// The validation of <paramref name="request"/>'s file, or <see langword="null"/> when it cannot be done (the file
    /// cannot be read or holds no record, the GPU is unknown, the user calibration is bad). Malformed lines are recorded
    /// in <paramref name="problems"/> and the rest is still validated.
    /// </summary>
    public static ValidationReport? Run(CalibrationValidationRequest request, ColossimCatalog catalog, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(problems);
        var path = request.Measurements;
        problems.File ??= path;
        var isCsv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        IReadOnlyList<VidurRow> rows = [];
        IReadOnlyList<MeasurementRecord> records = [];
        if (isCsv)
        {
            rows = VidurCsv.ReadFile(path, problems);
            if (rows.Count == 0)
            {
                NothingRead(problems, "rows");
                return null;
            }
        }
        else
        {
            records = MeasurementReader.ReadFile(path, problems);
            if (records.Count == 0)
            {
                NothingRead(problems, "records");
                return null;
            }
        }

        if (CalibrationDevices.Resolve(records, request.Gpu, catalog, problems) is not { } gpu)
        {
            return null;
        }

        var calibrationProblems = new Problems();
        var user = CalibrationStore.LoadUserSet(request.Calibration ?? request.CalibrationDirectory, gpu.Id, request.Calibration is not null, calibrationProblems);
        foreach (var problem in calibrationProblems)
        {
            problems.Add(problem);
        }

        if (calibrationProblems.HasErrors)
        {
            return null;
        }

        var kernels = KernelModel.For(gpu, catalog, user);
        return isCsv ? VidurCsv.Validate(rows, kernels) : Validator.Run(records, kernels, catalog, problems);
    }

    // A file with no usable line: its own problems say why, else say it has none.
    private static void NothingRead(Problems problems, string what)
    {
        if (!problems.HasErrors)
        {
            problems.Error("", $"the file has no {what}; expected measurements in the calibration format (JSON Lines with a kind) or a Vidur mlp.csv");
        }
    }
}
