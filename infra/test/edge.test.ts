import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, ROUTES } from '../../functions/routes.ts';
import { EDGE_ORIGIN_HEADER } from '../../packages/http/src/through-the-edge.ts';
import {
  ALL_REQUESTS_PER_IP,
  BODY_RULES,
  PUBLIC_WRITE_PATHS,
  PUBLIC_WRITES_PER_IP,
  RATE_WINDOW_SECONDS,
  SEPAY_WEBHOOK_SOURCES,
  WEBHOOKS_PER_IP,
} from '../lib/edge-stack.ts';
import { addSoquyStacks } from '../lib/soquy-app.ts';
import { API_THROTTLE, EVIDENCE_LIFECYCLE } from '../lib/soquy-stack.ts';

/** Both stacks as `cdk synth` builds them (infra/bin/app.ts), without bundling. */
function deployment(context: Record<string, string> = {}, withNag = false) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  if (withNag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const { edge, main } = addSoquyStacks(app, { CDK_DEFAULT_ACCOUNT: '111111111111' });
  return {
    app,
    edge,
    main,
    edgeTemplate: Template.fromStack(edge),
    template: Template.fromStack(main),
  };
}

const plain = deployment();
const withDomain = deployment({ domainName: 'quy.example.vn' });
const withCertificate = deployment({
  domainName: 'quy.example.vn',
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc-123',
});

type Resource = { Type: string; Properties?: any; DependsOn?: string | string[] };
const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(
    ([, r]) => r.Type === type,
  );
const webAcl = () => resourcesOf(plain.edgeTemplate, 'AWS::WAFv2::WebACL')[0]?.[1].Properties;
const ruleNamed = (name: string) => webAcl().Rules.find((rule: any) => rule.Name === name);
const distributionConfig = (template: Template) =>
  resourcesOf(template, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig;
/** Our functions, by logical id (not CDK's helpers, nor the checkpoint key reader). */
const soquyFunctions = (d: typeof plain) =>
  FUNCTION_NAMES.map((fn) => {
    const id = d.main.getLogicalId(d.main.functions[fn]?.node.defaultChild as never);
    return [fn, d.template.toJSON().Resources[id]] as const;
  });
/** A path a route template answers, its parameters filled in. */
const examplePath = (path: string) => path.replace(/\{\w+\+?\}/g, 'x1');

describe('the web ACL (SoquyEdge, us-east-1)', () => {
  it('guards CloudFront with the common, known-bad-inputs and IP reputation rule groups', () => {
    expect(plain.edge.region).toBe('us-east-1');
    plain.edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith(
        [
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesCommonRuleSet',
          'AWSManagedRulesKnownBadInputsRuleSet',
        ].map((name) =>
          Match.objectLike({
            Name: name,
            OverrideAction: { None: {} },
            Statement: {
              ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: name }),
            },
          }),
        ),
      ),
    });
  });

  it('lets a staff upload to the console through the body rules, and blocks their matches anywhere else', () => {
    const common = ruleNamed('AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual(
      BODY_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
    );
    expect(BODY_RULES).toContain('SizeRestrictions_BODY');
    const reblock = ruleNamed('BlockBodyRulesOutsideConsole');
    expect(reblock.Action).toEqual({ Block: {} });
    expect(reblock.Priority).toBeGreaterThan(common.Priority);
    const [labels, notConsole, notWebhooks, notForkReports] =
      reblock.Statement.AndStatement.Statements;
    // Signed webhook payloads and fork proofs are let through the body rules too.
    expect(notWebhooks.NotStatement.Statement.ByteMatchStatement).toMatchObject({
      PositionalConstraint: 'STARTS_WITH',
      SearchString: '/webhooks/',
    });
    expect(notForkReports.NotStatement.Statement.ByteMatchStatement).toMatchObject({
      PositionalConstraint: 'ENDS_WITH',
      SearchString: '/log/fork-reports',
    });
    expect(labels.OrStatement.Statements.map((s: any) => s.LabelMatchStatement.Key)).toContain(
      'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body',
    );
    expect(notConsole.NotStatement.Statement.ByteMatchStatement).toMatchObject({
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: 'STARTS_WITH',
      SearchString: '/console/',
    });
  });

  it('limits public writes per IP, generously for carrier-grade NAT, on every public POST route', () => {
    const rule = ruleNamed('PublicWritesPerIp');
    expect(rule.Action).toEqual({ Block: {} });
    expect(rule.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      EvaluationWindowSec: RATE_WINDOW_SECONDS,
      Limit: PUBLIC_WRITES_PER_IP,
    });
    expect(PUBLIC_WRITES_PER_IP).toBe(300);
    const [method, path] =
      rule.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements;
    expect(method.ByteMatchStatement).toMatchObject({
      FieldToMatch: { Method: {} },
      SearchString: 'POST',
    });
    const regex = new RegExp(path.RegexMatchStatement.RegexString);
    expect(path.RegexMatchStatement.RegexString).toBe(PUBLIC_WRITE_PATHS);
    // Every public POST route but the gateways' (their own rule) is counted; no staff route is.
    for (const route of ROUTES.filter((r) => r.method === 'POST')) {
      const counted = !route.auth && !route.path.startsWith('/webhooks/');
      expect(regex.test(examplePath(route.path)), route.path).toBe(counted);
    }
    expect(regex.test('/p/x1/cancel')).toBe(true);
    expect(regex.test('/u/token')).toBe(true);
  });

  it("limits webhooks per IP on their own, and lets SePay's published sources through", () => {
    const rule = ruleNamed('WebhooksPerIp');
    expect(rule.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      EvaluationWindowSec: RATE_WINDOW_SECONDS,
      Limit: WEBHOOKS_PER_IP,
      ScopeDownStatement: {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'STARTS_WITH',
          SearchString: '/webhooks/',
        },
      },
    });
    plain.edgeTemplate.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'CLOUDFRONT',
      IPAddressVersion: 'IPV4',
      Addresses: [...SEPAY_WEBHOOK_SOURCES.ipv4],
    });
    const allow = ruleNamed('AllowSepayWebhooks');
    expect(allow.Action).toEqual({ Allow: {} });
    // Before the managed rules, so a transfer note is never mistaken for an attack.
    expect(allow.Priority).toBeLessThan(ruleNamed('AWSManagedRulesCommonRuleSet').Priority);
    expect(JSON.stringify(allow.Statement)).toContain('/webhooks/sepay');
    expect(ruleNamed('AllRequestsPerIp').Statement.RateBasedStatement.Limit).toBe(
      ALL_REQUESTS_PER_IP,
    );
  });
});

describe('the distribution', () => {
  it('is protected by the web ACL, read from SoquyEdge across regions', () => {
    const config = distributionConfig(plain.template);
    const reference = JSON.stringify(config.WebACLId);
    expect(reference).toContain('ExportsReader');
    expect(reference).toContain('PublicSiteAcl');
    expect(plain.main.dependencies).toContain(plain.edge);
  });

  it('serves only its cloudfront.net name unless a domain is given', () => {
    const config = distributionConfig(plain.template);
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    plain.edgeTemplate.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  it('serves -c domainName with a DNS-validated certificate made in us-east-1, TLS 1.2 or later', () => {
    withDomain.edgeTemplate.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'quy.example.vn',
      ValidationMethod: 'DNS',
    });
    const config = distributionConfig(withDomain.template);
    expect(config.Aliases).toEqual(['quy.example.vn']);
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(JSON.stringify(config.ViewerCertificate.AcmCertificateArn)).toContain('ExportsReader');
  });

  it('uses -c certificateArn as it is, and makes no certificate', () => {
    withCertificate.edgeTemplate.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    const config = distributionConfig(withCertificate.template);
    expect(config.Aliases).toEqual(['quy.example.vn']);
    expect(config.ViewerCertificate.AcmCertificateArn).toBe(
      'arn:aws:acm:us-east-1:111111111111:certificate/abc-123',
    );
  });

  it('refuses a certificate without the domain it is for', () => {
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x',
      },
    });
    expect(() => addSoquyStacks(app, {})).toThrow(/needs -c domainName/);
  });
});

describe('API Gateway throttling', () => {
  const stage = () => resourcesOf(plain.template, 'AWS::ApiGatewayV2::Stage')[0]?.[1];

  it('gives every route the stage default, and public writes and webhooks their own tighter limits', () => {
    const { Properties: props, DependsOn } = stage() as Resource;
    expect(props.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: API_THROTTLE.default.rateLimit,
      ThrottlingBurstLimit: API_THROTTLE.default.burstLimit,
    });
    expect(API_THROTTLE).toEqual({
      default: { rateLimit: 200, burstLimit: 400 },
      publicWrite: { rateLimit: 20, burstLimit: 40 },
      webhook: { rateLimit: 50, burstLimit: 100 },
    });
    const expected: Record<string, unknown> = {};
    for (const route of ROUTES.filter((r) => r.method === 'POST' && !r.auth)) {
      const limits = route.path.startsWith('/webhooks/')
        ? API_THROTTLE.webhook
        : API_THROTTLE.publicWrite;
      expected[`POST ${route.path}`] = {
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
      };
    }
    expect(props.RouteSettings).toEqual(expected);
    expect(props.RouteSettings['POST /funds/{fundId}/pledges']).toEqual({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
    expect(props.RouteSettings['POST /webhooks/sepay'].ThrottlingRateLimit).toBe(50);
    expect(props.RouteSettings['POST /funds/{fundId}/payments']).toBeUndefined();
    // Route settings may only name routes that exist: the stage waits for them.
    const routeIds = resourcesOf(plain.template, 'AWS::ApiGatewayV2::Route')
      .filter(([, r]) => expected[r.Properties.RouteKey])
      .map(([id]) => id);
    expect(routeIds).toHaveLength(Object.keys(expected).length);
    expect([DependsOn].flat()).toEqual(expect.arrayContaining(routeIds));
  });
});

describe('every function', () => {
  it('traces with X-Ray, names the Powertools service and namespace, and knows the public URL', () => {
    const distribution = resourcesOf(plain.template, 'AWS::CloudFront::Distribution')[0]?.[0];
    for (const [fn, resource] of soquyFunctions(plain)) {
      expect(resource.Properties.TracingConfig, fn).toEqual({ Mode: 'Active' });
      const env = resource.Properties.Environment.Variables;
      expect(env, fn).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'soquy',
        POWERTOOLS_METRICS_NAMESPACE: 'Soquy',
        PUBLIC_BASE_URL: {
          'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]],
        },
      });
    }
  });

  it('takes the public URL from -c domainName, and -c publicUrl before it', () => {
    for (const [fn, resource] of soquyFunctions(withDomain)) {
      expect(resource.Properties.Environment.Variables.PUBLIC_BASE_URL, fn).toBe(
        'https://quy.example.vn',
      );
    }
    const custom = deployment({ domainName: 'quy.example.vn', publicUrl: 'https://quy.vn' });
    for (const [fn, resource] of soquyFunctions(custom)) {
      expect(resource.Properties.Environment.Variables.PUBLIC_BASE_URL, fn).toBe('https://quy.vn');
    }
  });

  it('sends staff back from Cognito to the console on the public address', () => {
    withDomain.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://quy.example.vn/console/callback'],
      LogoutURLs: ['https://quy.example.vn/console/sign-in'],
    });
  });
});

describe('evidence lifecycle', () => {
  const evidence = () => {
    const id = plain.main.getLogicalId(plain.main.evidence.node.defaultChild as never);
    return plain.template.toJSON().Resources[id].Properties;
  };

  it('never expires a current receipt or statement, only moves it to Standard-IA', () => {
    const rules = evidence().LifecycleConfiguration.Rules as any[];
    for (const prefix of ['evidence/', 'statements/']) {
      expect(rules.find((r) => r.Prefix === prefix)).toEqual({
        Id: `${prefix.slice(0, -1)}-kept`,
        Prefix: prefix,
        Status: 'Enabled',
        Transitions: [
          {
            StorageClass: 'STANDARD_IA',
            TransitionInDays: EVIDENCE_LIFECYCLE.infrequentAccessAfterDays,
          },
        ],
        NoncurrentVersionExpiration: { NoncurrentDays: EVIDENCE_LIFECYCLE.noncurrentDays },
      });
    }
    for (const rule of rules) {
      expect(rule.ExpirationInDays, rule.Id).toBeUndefined();
      expect(rule.ExpirationDate, rule.Id).toBeUndefined();
      expect(rule.ExpiredObjectDeleteMarker, rule.Id).toBeUndefined();
    }
  });

  it('lets old export versions go, and cleans unfinished uploads after 7 days', () => {
    const rules = evidence().LifecycleConfiguration.Rules as any[];
    expect(rules.find((r) => r.Prefix === 'exports/')).toMatchObject({
      NoncurrentVersionExpiration: { NoncurrentDays: 365 },
    });
    expect(rules.find((r) => r.AbortIncompleteMultipartUpload)).toMatchObject({
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    });
    expect(rules.find((r) => r.AbortIncompleteMultipartUpload).Prefix).toBeUndefined();
    // The log bucket keeps its own rule: old checkpoint versions go after 30 days.
    plain.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [{ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }],
      },
    });
  });
});

describe('outputs', () => {
  const outputs = plain.template.toJSON().Outputs as Record<string, { Value: unknown }>;
  const text = (name: string) => JSON.stringify(outputs[name]?.Value ?? null);

  it('prints every address on the public URL', () => {
    const distribution = resourcesOf(plain.template, 'AWS::CloudFront::Distribution')[0]?.[0];
    for (const [name, suffix] of [
      ['PublicUrl', ''],
      ['ConsoleUrl', '/console'],
      ['ApiDocsUrl', '/docs/api'],
      ['OpenApiUrl', '/openapi.json'],
      ['FundPageUrlPattern', '/f/{fundId}'],
      ['WitnessesUrl', '/log/witnesses'],
      ['CheckpointKeyUrl', '/.well-known/soquy/checkpoint-key'],
      ['LogUrlPattern', '/funds/{fundId}/log/checkpoint'],
    ] as const) {
      expect(text(name), name).toContain(distribution as string);
      expect(text(name), name).toContain(suffix);
    }
    expect(text('ApiUrl')).toContain('ApiEndpoint');
    expect(text('StaffSignInUrl')).toContain('amazoncognito.com/login?client_id=');
    expect(text('StaffSignInUrl')).toContain('/console/callback');
    const custom = withDomain.template.toJSON().Outputs;
    expect(custom.ConsoleUrl.Value).toBe('https://quy.example.vn/console');
    expect(custom.ApiDocsUrl.Value).toBe('https://quy.example.vn/docs/api');
  });

  it('prints the checkpoint key itself, read from KMS by a resource that may only read its public key', () => {
    const [[id, resource]] = resourcesOf(plain.template, 'Custom::CheckpointVerifierKey') as [
      [string, Resource],
    ];
    expect(outputs.LogKey?.Value).toEqual({ 'Fn::GetAtt': [id, 'VerifierKey'] });
    const keyArn = {
      'Fn::GetAtt': [
        plain.main.getLogicalId(plain.main.checkpointKey.node.defaultChild as never),
        'Arn',
      ],
    };
    expect(resource.Properties).toMatchObject({
      KeyArn: keyArn,
      Name: {
        'Fn::GetAtt': [
          resourcesOf(plain.template, 'AWS::CloudFront::Distribution')[0]?.[0],
          'DomainName',
        ],
      },
    });
    // The reader's role: kms:GetPublicKey on this key, and nothing else on data.
    const reader = resourcesOf(plain.template, 'AWS::Lambda::Function').find(([fnId]) =>
      fnId.startsWith('CheckpointVerifierKeyReader'),
    )?.[1];
    const role = reader?.Properties.Role['Fn::GetAtt'][0];
    const statements = resourcesOf(plain.template, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'kms:GetPublicKey', Resource: keyArn }]);
  });
});

/** Every logical id a template value refers to (Ref, Fn::GetAtt, ${Name} in Fn::Sub). */
function referencesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : String(inner).split('.')[0];
        into.add(target as string);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        for (const [, name] of String(text).matchAll(/\$\{([^}.!]+)[^}]*\}/g))
          into.add(name as string);
        referencesIn(inner, into);
      } else referencesIn(inner, into);
    }
  }
  return into;
}

/** A cycle among the template's resources (through Ref, GetAtt, Sub, DependsOn), if any. */
function findCycle(template: { Resources: Record<string, Resource> }): string[] | undefined {
  const resources = template.Resources;
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = new Set([
      ...referencesIn(resource.Properties),
      ...[resource.DependsOn ?? []].flat(),
    ]);
    edges.set(
      id,
      [...targets].filter((target) => target in resources),
    );
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('deployability', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    // (Template.fromJSON would refuse it: CDK's assertions check for cycles too.)
    const looped = {
      Resources: {
        A: { Type: 'X', Properties: { B: { Ref: 'B' } } },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's own syntax
        B: { Type: 'X', Properties: { A: { 'Fn::Sub': '${A.Arn}/x' } } },
      },
    };
    expect(findCycle(looped)).toEqual(['A', 'B', 'A']);
  });

  it('has no dependency cycle in either stack, with or without a domain', () => {
    // PUBLIC_BASE_URL and the Cognito callbacks name the distribution, which names the API:
    // none of them may come back around to a function.
    for (const d of [plain, withDomain, withCertificate]) {
      expect(findCycle(d.template.toJSON() as never)).toBeUndefined();
      expect(findCycle(d.edgeTemplate.toJSON() as never)).toBeUndefined();
    }
  });

  it('puts no cdk-nag acknowledgement on the app or a stack, only on the resources concerned', () => {
    const { app, edge, main } = deployment();
    const acknowledgementsOn = (construct: IConstruct) =>
      construct.node.metadata.filter(
        (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      );
    // Every stack, nested ones included, and the app itself.
    const stacks = app.node.findAll().filter((construct) => Stack.isStack(construct));
    expect(stacks).toEqual(expect.arrayContaining([edge, main]));
    for (const scope of [app, ...stacks]) {
      expect(acknowledgementsOn(scope), scope.node.path || 'app').toEqual([]);
    }
    // Every acknowledgement elsewhere says why, at some length.
    const all = main.node
      .findAll()
      .concat(edge.node.findAll())
      .flatMap((construct) => acknowledgementsOn(construct))
      .flatMap((entry) => Object.values(entry.data as Record<string, string>));
    expect(all.length).toBeGreaterThan(FUNCTION_NAMES.length);
    for (const reason of all) expect(reason.length).toBeGreaterThan(60);
  });

  it('passes cdk-nag AwsSolutions on both stacks', () => {
    const { app } = deployment({ domainName: 'quy.example.vn' }, true);
    expect(() => app.synth()).not.toThrow();
  });
});

describe("API Gateway's own address", () => {
  const secretId = plain.main.getLogicalId(
    plain.main.node.findChild('EdgeOriginKey').node.defaultChild as never,
  );
  /** A CloudFormation dynamic reference that resolves the EdgeOriginKey secret at deploy. */
  const resolvesTheSecret = Match.objectLike({
    'Fn::Join': [
      '',
      Match.arrayWith([
        Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:$'),
        { Ref: secretId },
        Match.stringLikeRegexp('^:SecretString:::\\}\\}$'),
      ]),
    ],
  });
  const apiOrigin = () =>
    distributionConfig(plain.template).Origins.find((origin: any) => origin.CustomOriginConfig);

  it('is reached by CloudFront with the secret origin header, generated at deploy', () => {
    // prepare: the key is generated by Secrets Manager, long and without punctuation.
    plain.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
    });
    // act
    const headers = apiOrigin().OriginCustomHeaders;
    // assess: one header, x-soquy-edge, its value resolved from the secret.
    expect(headers).toHaveLength(1);
    expect(headers[0].HeaderName).toBe(EDGE_ORIGIN_HEADER);
    expect(resolvesTheSecret.test(headers[0].HeaderValue).isSuccess).toBe(true);
  });

  it('gives every routed function the same key, and no other function', () => {
    // prepare
    const routed = new Set(ROUTES.map((route) => route.fn));
    // act
    const keys = soquyFunctions(plain).map(
      ([fn, resource]) => [fn, resource.Properties.Environment.Variables.EDGE_ORIGIN_KEY] as const,
    );
    // assess
    for (const [fn, key] of keys) {
      if (routed.has(fn)) expect(resolvesTheSecret.test(key).isSuccess, fn).toBe(true);
      else expect(key, fn).toBeUndefined();
    }
    expect(keys.filter(([fn]) => routed.has(fn))).toHaveLength(routed.size);
  });

  it('never writes the key itself into the template', () => {
    // prepare: every place that carries the key.
    const template = plain.template.toJSON();
    const secret = template.Resources[secretId].Properties;
    const carried = [
      apiOrigin().OriginCustomHeaders[0].HeaderValue,
      ...soquyFunctions(plain)
        .map(([, resource]) => resource.Properties.Environment.Variables.EDGE_ORIGIN_KEY)
        .filter(Boolean),
    ];
    // assess: no SecretString given, and every use is a dynamic reference, never a string.
    expect(secret.SecretString).toBeUndefined();
    for (const value of carried) expect(typeof value).not.toBe('string');
    expect(JSON.stringify(template)).not.toMatch(/"EDGE_ORIGIN_KEY":"/);
    expect(JSON.stringify(template)).not.toMatch(/"HeaderValue":"/);
  });

  it('updates the API functions only after CloudFront sends the header, with or without a domain', () => {
    for (const d of [plain, withDomain]) {
      // prepare
      const distribution = resourcesOf(d.template, 'AWS::CloudFront::Distribution')[0]?.[0];
      // act
      const routed = soquyFunctions(d).filter(([fn]) => ROUTES.some((route) => route.fn === fn));
      // assess
      for (const [fn, resource] of routed)
        expect([resource.DependsOn].flat(), fn).toContain(distribution);
    }
  });

  it('tells operators that direct calls are refused', () => {
    const outputs = plain.template.toJSON().Outputs;
    expect(outputs.ApiUrl.Description).toContain('refused (403 use_public_url)');
    expect(outputs.ApiUrl.Description).toContain('PublicUrl');
  });
});
