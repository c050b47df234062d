import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/**
 * CloudFront's web ACL and certificate must live in us-east-1, whatever region the data is in;
 * this stack holds them, and SoquyStack reads both through cross-region references.
 */
export const EDGE_REGION = 'us-east-1';

/** How long a rate-based rule counts requests per IP, in seconds (WAF: 60, 120, 300 or 600). */
export const RATE_WINDOW_SECONDS = 300;

/**
 * Requests per IP per RATE_WINDOW_SECONDS. Vietnam's mobile carriers (Viettel, VNPT, MobiFone)
 * put many subscribers behind one carrier-grade NAT address, and a ward announces a pledge drive
 * to everyone at once (a meeting, a Zalo group): hundreds of real donors can share one IPv4
 * address within minutes. One donor makes two or three public writes (the form, the pledge, maybe
 * a cancel); 300 in five minutes (one a second on average) lets a whole NAT pool pledge, and
 * still stops a script long before it fills a fund's pledge list.
 */
export const PUBLIC_WRITES_PER_IP = 300;

/**
 * Bank and card gateways send one notification per transfer, from a handful of servers. 600 in
 * five minutes (two a second) carries a busy appeal; a gateway refused for a while retries
 * (SePay 7 times over ~33 minutes, Casso 17 times over 24 hours, Stripe for 3 days), so a burst
 * above it is delayed, not lost. Forged notifications are refused by their signature anyway.
 */
export const WEBHOOKS_PER_IP = 600;

/**
 * Any request, per IP: a ceiling well above what a NAT pool of readers makes (pages are a few
 * requests each, no JavaScript), so only a flood that busts the cache with query strings meets it.
 */
export const ALL_REQUESTS_PER_IP = 10_000;

/**
 * SePay's published sources of webhooks (https://developer.sepay.vn/en/dia-chi-ip, read
 * 2026-11). Their requests to /webhooks/sepay are allowed before the managed rules, so a transfer
 * note that looks like markup never costs a ward a notification. Casso publishes no source list
 * (its docs name one sandbox address only), and Stripe's list changes without notice: both stay
 * under WEBHOOKS_PER_IP, as does anyone else posting to /webhooks/*.
 */
export const SEPAY_WEBHOOK_SOURCES = {
  ipv4: [
    '172.236.138.20/32',
    '172.233.83.68/32',
    '171.244.35.2/32',
    '151.158.108.68/32',
    '151.158.109.79/32',
    '103.255.238.139/32',
  ],
  ipv6: ['2400:8905::2000:8cff:fe98:45cd/128', '2600:3c15::2000:8aff:fedd:874b/128'],
} as const;

/**
 * Public writes: what anyone may POST without an account. Pledges (API and form), a pledge's own
 * pages (/p/…: cancel, card), unsubscribe links (/u/…), cancelling by manage link, witnesses'
 * cosignatures and fork reports.
 */
export const PUBLIC_WRITE_PATHS =
  '^/(funds/[^/]+/pledges$|f/[^/]+/pledge$|p/|u/|pledges/[^/]+/cancel$|funds/[^/]+/log/(cosignatures|fork-reports)$)';

/**
 * Rules of the common rule set that read the body: a staff member's multipart upload to the
 * console (a bank statement up to 4 MB, receipts and invoices as images or PDF) is larger than
 * the 8 KB SizeRestrictions_BODY allows, and its binary content can look like anything to the
 * pattern rules. They count instead of blocking, and BlockBodyRulesOutsideConsole blocks what
 * they label anywhere but under /console/ (signed-in staff, CSRF-checked forms).
 */
export const BODY_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
] as const;

/** The label the common rule set puts on a request one of its rules matched. */
const commonRuleLabel = (rule: string) =>
  `awswaf:managed:aws:core-rule-set:${rule.replace(/_BODY$/, '_Body')}`;

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const uriStartsWith = (path: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: path,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const uriEndsWith = (path: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'ENDS_WITH',
    searchString: path,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const methodIs = (method: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { method: {} },
    positionalConstraint: 'EXACTLY',
    searchString: method,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const managedGroup = (
  name: string,
  priority: number,
  ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ...(ruleActionOverrides ? { ruleActionOverrides } : {}),
    },
  },
  visibilityConfig: visibility(name),
});

const perIp = (
  name: string,
  priority: number,
  limit: number,
  scopeDownStatement?: wafv2.CfnWebACL.StatementProperty,
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: { block: {} },
  statement: {
    rateBasedStatement: {
      aggregateKeyType: 'IP',
      evaluationWindowSec: RATE_WINDOW_SECONDS,
      limit,
      ...(scopeDownStatement ? { scopeDownStatement } : {}),
    },
  },
  visibilityConfig: visibility(name),
});

export interface SoquyEdgeProps extends StackProps {
  /** The public domain (`-c domainName=quy.example.vn`): a DNS-validated certificate is made. */
  domainName?: string;
  /** An existing certificate in us-east-1 for domainName (`-c certificateArn=…`): none is made. */
  certificateArn?: string;
}

/** The web ACL in front of the public site (CloudFront), and the custom domain's certificate. */
export class SoquyEdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;
  /** Present when a domain name was given. */
  readonly certificate?: acm.ICertificate;

  constructor(scope: Construct, id: string, props: SoquyEdgeProps = {}) {
    super(scope, id, props);

    const sepayV4 = new wafv2.CfnIPSet(this, 'SepayWebhookSourcesV4', {
      scope: 'CLOUDFRONT',
      ipAddressVersion: 'IPV4',
      addresses: [...SEPAY_WEBHOOK_SOURCES.ipv4],
      description: 'SePay webhook sources, as SePay publishes them',
    });
    const sepayV6 = new wafv2.CfnIPSet(this, 'SepayWebhookSourcesV6', {
      scope: 'CLOUDFRONT',
      ipAddressVersion: 'IPV6',
      addresses: [...SEPAY_WEBHOOK_SOURCES.ipv6],
      description: 'SePay webhook sources, IPv6, as SePay publishes them',
    });

    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      // Priority order: a flood is cut first, then SePay's own servers pass, then the managed
      // rules, then the body rules outside the console, then the rate limits on writes.
      perIp('AllRequestsPerIp', 0, ALL_REQUESTS_PER_IP),
      {
        name: 'AllowSepayWebhooks',
        priority: 1,
        action: { allow: {} },
        statement: {
          andStatement: {
            statements: [
              methodIs('POST'),
              uriStartsWith('/webhooks/sepay'),
              {
                orStatement: {
                  statements: [
                    { ipSetReferenceStatement: { arn: sepayV4.attrArn } },
                    { ipSetReferenceStatement: { arn: sepayV6.attrArn } },
                  ],
                },
              },
            ],
          },
        },
        visibilityConfig: visibility('AllowSepayWebhooks'),
      },
      managedGroup('AWSManagedRulesAmazonIpReputationList', 2),
      managedGroup(
        'AWSManagedRulesCommonRuleSet',
        3,
        BODY_RULES.map((name) => ({ name, actionToUse: { count: {} } })),
      ),
      managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 4),
      {
        name: 'BlockBodyRulesOutsideConsole',
        priority: 5,
        action: { block: {} },
        statement: {
          andStatement: {
            statements: [
              {
                orStatement: {
                  statements: BODY_RULES.map((rule) => ({
                    labelMatchStatement: { scope: 'LABEL', key: commonRuleLabel(rule) },
                  })),
                },
              },
              { notStatement: { statement: uriStartsWith('/console/') } },
              // Signed webhook payloads (a Stripe event over 8 KB, a donor's transfer note that
              // looks like markup) and witnesses' fork proofs (own 64 KB cap) are not forms:
              // blocking them would drop a payment or an alarm on every retry.
              { notStatement: { statement: uriStartsWith('/webhooks/') } },
              { notStatement: { statement: uriEndsWith('/log/fork-reports') } },
            ],
          },
        },
        visibilityConfig: visibility('BlockBodyRulesOutsideConsole'),
      },
      perIp('PublicWritesPerIp', 6, PUBLIC_WRITES_PER_IP, {
        andStatement: {
          statements: [
            methodIs('POST'),
            {
              regexMatchStatement: {
                fieldToMatch: { uriPath: {} },
                regexString: PUBLIC_WRITE_PATHS,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
          ],
        },
      }),
      perIp('WebhooksPerIp', 7, WEBHOOKS_PER_IP, uriStartsWith('/webhooks/')),
    ];

    this.webAcl = new wafv2.CfnWebACL(this, 'PublicSiteAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'soquy: managed rules and per-IP rate limits in front of the public site',
      visibilityConfig: visibility('soquy'),
      rules,
    });

    const domainName = props.domainName;
    if (domainName && props.certificateArn) {
      this.certificate = acm.Certificate.fromCertificateArn(
        this,
        'Certificate',
        props.certificateArn,
      );
    } else if (domainName) {
      // DNS validation: the deploy waits until the CNAME that ACM shows (in the stack events and
      // the ACM console) is added at the domain's DNS host; it renews by itself afterwards.
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName,
        validation: acm.CertificateValidation.fromDns(),
      });
    }

    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
    if (this.certificate) {
      new CfnOutput(this, 'CertificateArn', {
        value: this.certificate.certificateArn,
        description: `Certificate of ${domainName} for CloudFront (us-east-1)`,
      });
    }
  }
}
