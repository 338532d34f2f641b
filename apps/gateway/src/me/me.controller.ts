import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AppError,
  DeleteMyPicture,
  GetMyPicture,
  GetMyProfile,
  GetPublicPicture,
  GetPublicProfile,
  PICTURE_CONTENT_TYPES,
  PICTURE_MAX_BYTES,
  PictureContentType,
  PictureResponse,
  SetMyPicture,
  UpdateMyProfile,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { ProfileDto, PublicProfileDto, UpdateProfileDto } from './dto/profile.dto';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('profile:read')
  @ApiOkResponse({ type: ProfileDto })
  @ApiProblems(401, 403, 404)
  profile(@Meta() meta: RequestMeta): Promise<ProfileDto> {
    return this.bus.request(GetMyProfile, {}, meta) as Promise<ProfileDto>;
  }

  @Patch()
  @ApiOkResponse({ type: ProfileDto, description: 'Omitted fields stay; null clears one' })
  @ApiProblems(400, 401, 403, 404)
  update(@Body() body: UpdateProfileDto, @Meta() meta: RequestMeta): Promise<ProfileDto> {
    return this.bus.request(UpdateMyProfile, body, meta);
  }

  @Put('picture')
  @HttpCode(204)
  @ApiConsumes(...PICTURE_CONTENT_TYPES)
  @ApiBody({
    description: `The image itself, at most ${PICTURE_MAX_BYTES} bytes`,
    schema: { type: 'string', format: 'binary' },
  })
  @ApiNoContentResponse({ description: 'Stored' })
  @ApiProblems(400, 401, 403, 404, 413, 415)
  async setPicture(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase() as PictureContentType;
    if (!PICTURE_CONTENT_TYPES.includes(type) || !Buffer.isBuffer(body))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the picture as ${PICTURE_CONTENT_TYPES.join(', ')}`);
    if (body.length === 0)
      throw new AppError('VALIDATION_FAILED', 'body: the picture is empty', [
        { field: 'body', message: 'is empty' },
      ]);
    await this.bus.request(SetMyPicture, { contentType: type, dataBase64: body.toString('base64') }, meta);
  }

  @Get('picture')
  @RequireScopes('profile:read')
  @ApiProduces(...PICTURE_CONTENT_TYPES)
  @ApiOkResponse({ description: 'The picture', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(401, 403, 404)
  async picture(@Meta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return sendPicture(await this.bus.request(GetMyPicture, {}, meta), reply);
  }

  @Delete('picture')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(401, 403, 404)
  async deletePicture(@Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(DeleteMyPicture, {}, meta);
  }
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly bus: BusClient) {}

  @Get(':userId/profile')
  @RequireScopes('profile:read')
  @ApiOkResponse({ type: PublicProfileDto, description: 'Only for users who made their profile public' })
  @ApiProblems(400, 401, 403, 404)
  publicProfile(
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<PublicProfileDto> {
    return this.bus.request(GetPublicProfile, { userId }, meta);
  }

  @Get(':userId/picture')
  @RequireScopes('profile:read')
  @ApiProduces(...PICTURE_CONTENT_TYPES)
  @ApiOkResponse({
    description: 'The picture of a public profile',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiProblems(400, 401, 403, 404)
  async publicPicture(
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendPicture(await this.bus.request(GetPublicPicture, { userId }, meta), reply);
  }
}

/** The bytes with their type; never sniffed as something else. */
function sendPicture(picture: PictureResponse, reply: FastifyReply): Buffer {
  void reply
    .header('Content-Type', picture.contentType)
    .header('Cache-Control', 'private, no-cache')
    .header('X-Content-Type-Options', 'nosniff');
  return Buffer.from(picture.dataBase64, 'base64');
}
