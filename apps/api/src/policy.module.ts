import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { EngineConfig } from '@app/config';
import { Policy } from '@app/policy';

/**
 * Cinder's default rules, overridden by POLICY_FILE when one is configured. Read before Nest
 * starts, so a bad file stops start-up with one line naming it, and handed in as a global module.
 */
@Global()
@Module({})
export class PolicyModule {
  static load(config: EngineConfig): DynamicModule {
    const policy = config.policyFile ? Policy.fromFile(config.policyFile) : new Policy();
    return { module: PolicyModule, providers: [{ provide: Policy, useValue: policy }], exports: [Policy] };
  }
}
