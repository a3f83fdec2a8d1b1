import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { s3EndpointPolicy } from "../aurora-policies";

/**
 * Two private subnets (Aurora wants two Availability Zones) without an internet gateway; a security group that
 * admits nothing in (the Data API needs no inbound rule) and lets out HTTPS to S3's prefix list only.
 */
export function privateNetwork(name: string, bucketArn: pulumi.Input<string>, parent: pulumi.CustomResourceOptions) {
  const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.42.0.0/16", enableDnsSupport: true }, parent);
  const zones = aws.getAvailabilityZonesOutput({ state: "available" }, parent).names;
  const subnets = [0, 1].map(
    (i) =>
      new aws.ec2.Subnet(
        `${name}-subnet-${i}`,
        { vpcId: vpc.id, cidrBlock: `10.42.${i}.0/24`, availabilityZone: zones.apply((z) => z[i] as string) },
        parent,
      ),
  );
  const routes = new aws.ec2.RouteTable(`${name}-routes`, { vpcId: vpc.id }, parent);
  for (const [i, subnet] of subnets.entries()) {
    new aws.ec2.RouteTableAssociation(`${name}-routes-${i}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
  }
  const region = aws.getRegionOutput({}, parent).region;
  const s3 = new aws.ec2.VpcEndpoint(
    `${name}-s3`,
    {
      vpcId: vpc.id,
      serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [routes.id],
      policy: pulumi.output(bucketArn).apply((arn) => JSON.stringify(s3EndpointPolicy(arn))),
    },
    parent,
  );
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-sg`,
    {
      vpcId: vpc.id,
      description: "Aurora score store: no inbound; HTTPS out to S3 only",
      ingress: [],
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [s3.prefixListId] }],
    },
    parent,
  );
  const subnetGroup = new aws.rds.SubnetGroup(
    `${name}-subnets`,
    { name: `${name}-subnets`, subnetIds: subnets.map((s) => s.id) },
    parent,
  );
  return { subnetGroup, securityGroup };
}
