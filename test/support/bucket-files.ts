/** Memory run files seen as the objects of one S3 bucket (`s3://recs-lake/<location>`), for the AWS step functions. */
import { MemoryRunFiles } from "../../adapters/memory/run-files";

export const BUCKET = "recs-lake";

export class BucketFiles extends MemoryRunFiles {
  uriOf = (location: string) => `s3://${BUCKET}/${location}`;
  locationOf = (uri: string) => (uri.startsWith(`s3://${BUCKET}/`) ? uri.slice(`s3://${BUCKET}/`.length) : undefined);
  readUri = (uri: string) => this.read(this.locationOf(uri) ?? "outside");
}
