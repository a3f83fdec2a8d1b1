import { describe, expect, it } from "vitest";
import { auroraManifest, auroraManifestLocation, s3Url } from "../../../adapters/mysql/aurora-manifest";

describe("Aurora's LOAD DATA FROM S3 manifest", () => {
  const files = [
    "runs/v20261128T120000Z/userCandidates/5b0c/shard=3/data_0.csv",
    "runs/v20261128T120000Z/userCandidates/5b0c/shard=3/data_1.csv",
  ];

  it("lists every file of the shard by full URL, each mandatory, in Aurora's JSON shape", () => {
    expect(JSON.parse(auroraManifest("reco-lake", files))).toEqual({
      entries: files.map((f) => ({ url: `s3://reco-lake/${f}`, mandatory: true })),
    });
    expect(JSON.parse(auroraManifest("reco-lake", files, "lake/")).entries[0].url).toBe(
      `s3://reco-lake/lake/${files[0]}`,
    );
  });

  it("sits next to the export's manifest, one per shard, and is named by an s3:// URL", () => {
    const location = auroraManifestLocation("runs/v1/userCandidates/5b0c/manifest.json", 3);

    expect(location).toBe("runs/v1/userCandidates/5b0c/aurora-manifest-shard=3.json");
    expect(s3Url("reco-lake", location)).toBe(
      "s3://reco-lake/runs/v1/userCandidates/5b0c/aurora-manifest-shard=3.json",
    );
    expect(() => auroraManifestLocation("runs/v1/x", 0)).toThrow(TypeError);
    expect(() => auroraManifest("Not_A_Bucket", files)).toThrow(TypeError);
  });
});
