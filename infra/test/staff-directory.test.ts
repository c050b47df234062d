import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/routes.ts';
import { SoquyStack } from '../lib/soquy-stack.ts';

/** Synthesises without bundling, as the other infra tests do. */
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new SoquyStack(app, 'Soquy', {
  env: { account: '111111111111', region: 'ap-southeast-1' },
});
const template = Template.fromStack(stack);
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const poolId = logicalIdOf(
  stack.node.findChild('StaffUserPool') as unknown as { node: { defaultChild?: unknown } },
);
const roleId = (fn: string) => logicalIdOf((stack.functions[fn] as any).role);

/** The staff directory's calls, and nothing else of Cognito's admin API. */
const STAFF_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:CreateGroup',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:ListUsersInGroup',
];

/** The Cognito actions each function's role may call, on which resources. */
function cognitoGrants(fn: string) {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId(fn)}"`))
    .flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    )
    .filter((st) => JSON.stringify(st.Action).includes('cognito-idp:'));
}

describe('staff management through Cognito', () => {
  it('lets the console and the staff API call exactly the staff directory actions, on the user pool only', () => {
    for (const fn of ['console', 'staff']) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId(fn) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Action: STAFF_ACTIONS,
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
            },
          ]),
        },
      });
      expect(cognitoGrants(fn), fn).toHaveLength(1);
    }
  });

  it('gives no other function any Cognito action', () => {
    const others = FUNCTION_NAMES.filter(
      (fn) => fn !== 'console' && fn !== 'staff' && fn !== 'send-mail',
    );
    for (const fn of others) expect(cognitoGrants(fn), fn).toEqual([]);
  });

  it('lets send-mail only list who is in a group (the approvers it notifies), on the pool only', () => {
    const grants = cognitoGrants('send-mail') as { Action: unknown; Resource: unknown }[];
    expect(grants.map((g) => g.Action)).toEqual(['cognito-idp:ListUsersInGroup']);
    expect(grants.map((g) => g.Resource)).toEqual([{ 'Fn::GetAtt': [poolId, 'Arn'] }]);
  });

  it('tells the staff API which user pool holds the staff', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [roleId('staff'), 'Arn'] },
      Environment: { Variables: Match.objectLike({ USER_POOL_ID: { Ref: poolId } }) },
    });
  });
});
